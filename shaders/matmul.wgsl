// Batched matrix product with explicit strides:
//   C[b] = alpha * A[b] B[b] + beta * C[b] + bias, then ReLU if asked.
// Every operand is addressed through (batch, row, column) strides plus an
// offset, so transposed operands and views into NCHW tensors need no copy.
// With reduce_batch set, the products of all batches are summed into one C.
//
// Tiling: register blocking without workgroup memory. Each invocation keeps
// a 4x4 block of C in registers (4 rows, each a vec4 over 4 columns) and
// reads A and B straight from storage, so there are no barriers; this suits
// CPU adapters (lavapipe, SwiftShader). The workgroup is WG_X x WG_Y
// invocations: x runs over column blocks, y over row blocks and z over the
// batch. Rows and columns past the edge are clamped for loads and skipped
// on store.

struct Params {
  M: u32, N: u32, K: u32, batch: u32,
  a_batch: u32, a_row: u32, a_col: u32, a_offset: u32,
  b_batch: u32, b_row: u32, b_col: u32, b_offset: u32,
  c_batch: u32, c_row: u32, c_col: u32, c_offset: u32,
  bias_batch: u32, bias_mode: u32, relu: u32, reduce_batch: u32,
  alpha: f32, beta: f32, pad0: u32, pad1: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

fn store(bi: u32, m: u32, n: u32, value: f32) {
  let index = p.c_offset + bi * p.c_batch + m * p.c_row + n * p.c_col;
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
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n0 = gid.x * 4u;
  let m0 = gid.y * 4u;
  if (n0 >= p.N || m0 >= p.M) {
    return;
  }
  let rows = vec4<u32>(
    min(m0, p.M - 1u), min(m0 + 1u, p.M - 1u),
    min(m0 + 2u, p.M - 1u), min(m0 + 3u, p.M - 1u)) * p.a_row;
  let cols = vec4<u32>(
    min(n0, p.N - 1u), min(n0 + 1u, p.N - 1u),
    min(n0 + 2u, p.N - 1u), min(n0 + 3u, p.N - 1u)) * p.b_col;

  var first = gid.z;
  var last = gid.z + 1u;
  if (p.reduce_batch != 0u) {
    first = 0u;
    last = p.batch;
  }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var bi = first; bi < last; bi++) {
    var ak = p.a_offset + bi * p.a_batch;
    var bk = p.b_offset + bi * p.b_batch;
    for (var k = 0u; k < p.K; k++) {
      let bv = vec4<f32>(b[bk + cols.x], b[bk + cols.y], b[bk + cols.z], b[bk + cols.w]);
      acc0 = fma(vec4<f32>(a[ak + rows.x]), bv, acc0);
      acc1 = fma(vec4<f32>(a[ak + rows.y]), bv, acc1);
      acc2 = fma(vec4<f32>(a[ak + rows.z]), bv, acc2);
      acc3 = fma(vec4<f32>(a[ak + rows.w]), bv, acc3);
      ak += p.a_col;
      bk += p.b_row;
    }
  }

  let out_batch = select(gid.z, 0u, p.reduce_batch != 0u);
  let accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m >= p.M) {
      break;
    }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + j;
      if (n < p.N) {
        store(out_batch, m, n, accs[i][j]);
      }
    }
  }
}
