// Strided sum reduction, the contract of reduce.wgsl:
//   out[o1, o2] = scale * sum_{i < I, j < J} x[offset + o1 * so1 + o2 * so2
//                 + i * si + j * sj] + beta * out[o1, o2]
// for short sums over many outputs (split-K partials, small batches).
//
// Tiling: one invocation per output element sums its terms in order, on a
// 1-D grid of WG invocations per workgroup folded into two dispatch
// dimensions. No workgroup memory.

struct Params {
  outer: u32, inner: u32, count_i: u32, count_j: u32,
  stride_outer: u32, stride_inner: u32, stride_i: u32, stride_j: u32,
  offset: u32, pad0: u32, scale: f32, beta: f32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let o = gid.x + gid.y * groups.x * WG;
  if (o >= p.outer * p.inner) {
    return;
  }
  let base = p.offset + (o / p.inner) * p.stride_outer + (o % p.inner) * p.stride_inner;
  var sum = 0.0;
  for (var i = 0u; i < p.count_i; i++) {
    let row = base + i * p.stride_i;
    for (var j = 0u; j < p.count_j; j++) {
      sum += x[row + j * p.stride_j];
    }
  }
  var v = p.scale * sum;
  if (p.beta != 0.0) {
    v += p.beta * out[o];
  }
  out[o] = v;
}
