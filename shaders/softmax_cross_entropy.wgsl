// Row-wise softmax cross-entropy and its gradient for a [rows, cols] matrix
// of logits:
//   loss[r] = logsumexp(z[r, :]) - z[r, t(r)]
//   grad[r, c] = scale * (softmax(z[r, :])[c] - (c == t(r)))
// The target t(r) is r mod cols when diagonal is set (InfoNCE: row i of
// each square block of scores is positive at column i), else targets[r].
// scale turns the gradient of the summed loss into that of a mean (1/rows,
// or 1/batch for per-label means). The max is subtracted before exp, so
// large logits do not overflow.
//
// Tiling: one workgroup of WG invocations per row. The invocations stride
// over the columns, then combine their maxima and sums by tree reduction in
// workgroup memory (WG must be a power of two). Rows fold into two dispatch
// dimensions.

struct Params {
  rows: u32, cols: u32, diagonal: u32, pad0: u32,
  scale: f32, pad1: u32, pad2: u32, pad3: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<u32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;

var<workgroup> shared_values: array<f32, WG>;

fn reduce_max(t: u32, value: f32) -> f32 {
  shared_values[t] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) {
      shared_values[t] = max(shared_values[t], shared_values[t + stride]);
    }
    workgroupBarrier();
  }
  let result = shared_values[0];
  workgroupBarrier();
  return result;
}

fn reduce_sum(t: u32, value: f32) -> f32 {
  shared_values[t] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (t < stride) {
      shared_values[t] += shared_values[t + stride];
    }
    workgroupBarrier();
  }
  let result = shared_values[0];
  workgroupBarrier();
  return result;
}

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let row = wid.x + wid.y * groups.x;
  if (row >= p.rows) {
    return;
  }
  let t = lid.x;
  let base = row * p.cols;
  var target_col = row % p.cols;
  if (p.diagonal == 0u) {
    target_col = targets[row];
  }

  var local_max = logits[base + min(t, p.cols - 1u)];
  for (var c = t; c < p.cols; c += WG) {
    local_max = max(local_max, logits[base + c]);
  }
  let row_max = reduce_max(t, local_max);

  var local_sum = 0.0;
  for (var c = t; c < p.cols; c += WG) {
    local_sum += exp(logits[base + c] - row_max);
  }
  let row_sum = reduce_sum(t, local_sum);
  let log_sum = log(row_sum);

  if (t == 0u) {
    loss[row] = row_max + log_sum - logits[base + target_col];
  }
  for (var c = t; c < p.cols; c += WG) {
    let prob = exp(logits[base + c] - row_max - log_sum);
    grad[base + c] = p.scale * (prob - select(0.0, 1.0, c == target_col));
  }
}
