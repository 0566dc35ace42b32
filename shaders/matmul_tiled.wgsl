// Batched matrix product with explicit strides, the same contract as
// matmul.wgsl (alpha, beta, bias per row or column, ReLU, batch reduction),
// tiled through workgroup memory for GPUs.
//
// Tiling: a workgroup of WG_X x WG_Y invocations computes a
// (4 * WG_Y) x (4 * WG_X) tile of C, each invocation a 4x4 block in
// registers. The K dimension advances TILE_K at a time: all invocations
// copy a TILE_K-deep slice of A and B into workgroup memory (zero-filled
// past the edges), meet at a barrier, then multiply from workgroup memory.
// z runs over the batch.

struct Params {
  M: u32, N: u32, K: u32, batch: u32,
  a_batch: u32, a_row: u32, a_col: u32, a_offset: u32,
  b_batch: u32, b_row: u32, b_col: u32, b_offset: u32,
  c_batch: u32, c_row: u32, c_col: u32, c_offset: u32,
  bias_batch: u32, bias_mode: u32, relu: u32, reduce_batch: u32,
  alpha: f32, beta: f32, pad0: u32, pad1: u32,
}

override WG_X: u32 = 16u;
override WG_Y: u32 = 16u;
override TILE_K: u32 = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

var<workgroup> tile_a: array<f32, TILE_K * WG_Y * 4u>;
var<workgroup> tile_b: array<f32, TILE_K * WG_X * 4u>;

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
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let tile_m = WG_Y * 4u;
  let tile_n = WG_X * 4u;
  let row0 = wid.y * tile_m;
  let col0 = wid.x * tile_n;
  let threads = WG_X * WG_Y;
  let t = lid.y * WG_X + lid.x;

  var first = wid.z;
  var last = wid.z + 1u;
  if (p.reduce_batch != 0u) {
    first = 0u;
    last = p.batch;
  }
  var acc = array<vec4<f32>, 4>();
  for (var bi = first; bi < last; bi++) {
    let a_base = p.a_offset + bi * p.a_batch;
    let b_base = p.b_offset + bi * p.b_batch;
    for (var k0 = 0u; k0 < p.K; k0 += TILE_K) {
      for (var i = t; i < TILE_K * tile_m; i += threads) {
        let m = row0 + i % tile_m;
        let k = k0 + i / tile_m;
        var v = 0.0;
        if (m < p.M && k < p.K) {
          v = a[a_base + m * p.a_row + k * p.a_col];
        }
        tile_a[i] = v;
      }
      for (var i = t; i < TILE_K * tile_n; i += threads) {
        let n = col0 + i % tile_n;
        let k = k0 + i / tile_n;
        var v = 0.0;
        if (n < p.N && k < p.K) {
          v = b[b_base + k * p.b_row + n * p.b_col];
        }
        tile_b[i] = v;
      }
      workgroupBarrier();
      for (var kk = 0u; kk < TILE_K; kk++) {
        let ai = kk * tile_m + lid.y * 4u;
        let bi4 = kk * tile_n + lid.x * 4u;
        let bv = vec4<f32>(tile_b[bi4], tile_b[bi4 + 1u], tile_b[bi4 + 2u], tile_b[bi4 + 3u]);
        acc[0] = fma(vec4<f32>(tile_a[ai]), bv, acc[0]);
        acc[1] = fma(vec4<f32>(tile_a[ai + 1u]), bv, acc[1]);
        acc[2] = fma(vec4<f32>(tile_a[ai + 2u]), bv, acc[2]);
        acc[3] = fma(vec4<f32>(tile_a[ai + 3u]), bv, acc[3]);
      }
      workgroupBarrier();
    }
  }

  let out_batch = select(wid.z, 0u, p.reduce_batch != 0u);
  for (var i = 0u; i < 4u; i++) {
    let m = row0 + lid.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let n = col0 + lid.x * 4u + j;
      if (m < p.M && n < p.N) {
        store(out_batch, m, n, acc[i][j]);
      }
    }
  }
}
