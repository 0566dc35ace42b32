// Gradient through ReLU, given the layer's output y = relu(z):
//   dx[i] = dy[i] where y[i] > 0, else 0 (PyTorch's choice at z = 0).
// One invocation per element on a 1-D grid of WG invocations per
// workgroup, folded into two dispatch dimensions for large tensors.

struct Params {
  count: u32, pad0: u32, pad1: u32, pad2: u32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= p.count) {
    return;
  }
  dx[i] = select(0.0, dy[i], y[i] > 0.0);
}
