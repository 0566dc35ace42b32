// Batched matrix product for operands whose rows are contiguous and
// 16-byte aligned: C[b] = alpha * A[b] B[b] + beta * C[b] + bias, then ReLU
// if asked. A [M, K] is read along K and B [K, N] along N as vec4, so K and
// N must be multiples of 4 (the launcher checks this and the alignment of
// every offset and row stride). C is written element by element, either
// through strides or, in NCHW mode, as column n = image * plane + pixel of
// an [images, M, plane] tensor (the layout of a convolution's output).
//
// Tiling: register blocking without workgroup memory, for CPU adapters.
// Each invocation keeps 4 rows x 4 columns of C (4 vec4 accumulators); per
// step of 4 along K it loads 4 vec4 of B, one vec4 of A per row, and does
// 64 multiply-adds. Vector loads matter on lavapipe, where each load
// instruction costs about the same whatever its width. With WIDE each
// invocation keeps 4 rows x 8 columns instead (8 vec4 accumulators, 12
// loads per 128 multiply-adds). The workgroup is WG_X x WG_Y: x runs over
// column groups, y over row groups, z over the batch (one batch when
// reduce_batch sums it). With WG_Y = 1 the row group is the workgroup id,
// so the compiler can treat the A loads as uniform across the workgroup.

struct Params {
  M: u32, N: u32, K: u32, batch: u32,
  a_batch: u32, a_row: u32, a_offset: u32, b_batch: u32,
  b_row: u32, b_offset: u32, c_batch: u32, c_row: u32,
  c_col: u32, c_offset: u32, bias_batch: u32, bias_mode: u32,
  relu: u32, reduce_batch: u32, nchw_plane: u32, n_valid: u32,
  alpha: f32, beta: f32, pad0: u32, pad1: u32,
}

override WG_X: u32 = 16u;
override WG_Y: u32 = 4u;
override WIDE: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

fn output_index(bi: u32, m: u32, n: u32) -> u32 {
  if (p.nchw_plane != 0u) {
    let image = n / p.nchw_plane;
    return p.c_offset + (image * p.M + m) * p.nchw_plane + n % p.nchw_plane;
  }
  return p.c_offset + bi * p.c_batch + m * p.c_row + n * p.c_col;
}

fn store(bi: u32, m: u32, n: u32, value: f32) {
  let index = output_index(bi, m, n);
  var v = p.alpha * value;
  if (p.beta != 0.0) {
    v += p.beta * c[index];
  }
  if (p.bias_mode == 1u) {
    v += bias[bi * p.bias_batch + n];
  } else if (p.bias_mode == 2u) {
    v += bias[bi * p.bias_batch + m];
  }
  if (p.relu != 0u) {
    v = max(v, 0.0);
  }
  c[index] = v;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let n4 = gid.x * select(1u, 2u, WIDE);
  let m0 = (wid.y * WG_Y + select(lid.y, 0u, WG_Y == 1u)) * 4u;
  if (n4 * 4u >= p.N || m0 >= p.M) {
    return;
  }
  // The second column group of a wide block, clamped at the last one.
  let n4_hi = min(n4 + 1u, p.N / 4u - 1u);
  let last = p.M - 1u;
  let rows = vec4<u32>(min(m0, last), min(m0 + 1u, last), min(m0 + 2u, last), min(m0 + 3u, last)) * (p.a_row / 4u);
  let b_row4 = p.b_row / 4u;
  let k4_count = p.K / 4u;

  var first = gid.z;
  var stop = gid.z + 1u;
  if (p.reduce_batch != 0u) {
    first = 0u;
    stop = p.batch;
  }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  for (var bi = first; bi < stop; bi++) {
    let a_base = (p.a_offset + bi * p.a_batch) / 4u;
    var bk = (p.b_offset + bi * p.b_batch) / 4u + n4;
    let hi = n4_hi - n4;
    for (var k4 = 0u; k4 < k4_count; k4++) {
      let a0 = a[a_base + rows.x + k4];
      let a1 = a[a_base + rows.y + k4];
      let a2 = a[a_base + rows.z + k4];
      let a3 = a[a_base + rows.w + k4];
      let bm = mat4x4<f32>(b[bk], b[bk + b_row4], b[bk + 2u * b_row4], b[bk + 3u * b_row4]);
      acc0 += bm * a0;
      acc1 += bm * a1;
      acc2 += bm * a2;
      acc3 += bm * a3;
      if (WIDE) {
        let bh = bk + hi;
        let bm_hi = mat4x4<f32>(b[bh], b[bh + b_row4], b[bh + 2u * b_row4], b[bh + 3u * b_row4]);
        acc4 += bm_hi * a0;
        acc5 += bm_hi * a1;
        acc6 += bm_hi * a2;
        acc7 += bm_hi * a3;
      }
      bk += 4u * b_row4;
    }
  }

  let out_batch = select(gid.z, 0u, p.reduce_batch != 0u);
  let accs = array<vec4<f32>, 8>(acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7);
  let columns = select(4u, 8u, WIDE);
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m >= p.M) {
      break;
    }
    for (var j = 0u; j < columns; j++) {
      let n = n4 * 4u + j;
      if (n < p.n_valid && n < p.N) {
        store(out_batch, m, n, accs[i + 4u * (j / 4u)][j % 4u]);
      }
    }
  }
}
