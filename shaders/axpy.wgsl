// Scaled sum in place: y[i] = alpha * x[i] + beta * y[i]. With beta = 0,
// y is not read, so it may hold anything (NaN included) beforehand.
// One invocation per element on a 1-D grid of WG invocations per workgroup,
// folded into two dispatch dimensions.

struct Params {
  count: u32, pad0: u32, alpha: f32, beta: f32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= p.count) {
    return;
  }
  var v = p.alpha * x[i];
  if (p.beta != 0.0) {
    v += p.beta * y[i];
  }
  y[i] = v;
}
