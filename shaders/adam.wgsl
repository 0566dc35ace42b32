// One Adam step (Kingma and Ba), in the order of PyTorch's torch.optim.Adam
// (single-tensor path, amsgrad off):
//   g = grad + weight_decay * param
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g * g
//   param -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
// where bc1 = 1 - beta1^t and bc2 = 1 - beta2^t come in as parameters. The
// learning rate is lr, or with per_group set lr_groups[i / group_size], so
// many probes with their own schedules step in one dispatch.
// One invocation per element on a 1-D grid of WG invocations per workgroup,
// folded into two dispatch dimensions.

struct Params {
  count: u32, group_size: u32, beta1: f32, beta2: f32,
  eps: f32, bias_correction1: f32, bias_correction2_sqrt: f32, weight_decay: f32,
  lr: f32, per_group: u32, pad0: u32, pad1: u32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read> lr_groups: array<f32>;
@group(0) @binding(3) var<storage, read_write> param: array<f32>;
@group(0) @binding(4) var<storage, read_write> m: array<f32>;
@group(0) @binding(5) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= p.count) {
    return;
  }
  var g = grad[i];
  if (p.weight_decay != 0.0) {
    g += p.weight_decay * param[i];
  }
  let m_new = p.beta1 * m[i] + (1.0 - p.beta1) * g;
  let v_new = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
  m[i] = m_new;
  v[i] = v_new;
  var lr = p.lr;
  if (p.per_group != 0u) {
    lr = lr_groups[i / p.group_size];
  }
  let step_size = lr / p.bias_correction1;
  let denom = sqrt(v_new) / p.bias_correction2_sqrt + p.eps;
  param[i] -= step_size * m_new / denom;
}
