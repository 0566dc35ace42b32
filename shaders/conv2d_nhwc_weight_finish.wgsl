// Sum of the split partial gradients of conv2d_nhwc_backward_weight.wgsl
// into PyTorch's layouts:
//   dw[co, ci, ky, kx] = beta * dw[...] + sum over splits of
//     partial[split, (ky * KW + kx) * C_in + ci, co]
//   db[co] = beta * db[co] + sum over splits of partial[split, K, co]
// One invocation per element of dw, then of db when has_bias is set. beta
// is 0 or 1; with 0 the old contents are not read. 1-D grid of WG
// invocations per workgroup, folded into two dispatch dimensions.

struct Params {
  c_in: u32, kh: u32, kw: u32, c_out: u32,
  splits: u32, has_bias: u32, beta: f32, pad0: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
@group(0) @binding(3) var<storage, read_write> db: array<f32>;

fn split_sum(k: u32, co: u32, taps: u32) -> f32 {
  var sum = 0.0;
  for (var s = 0u; s < p.splits; s++) {
    sum += partial[(s * (taps + 1u) + k) * p.c_out + co];
  }
  return sum;
}

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  let area = p.kh * p.kw;
  let taps = area * p.c_in;
  let weights = p.c_out * taps;
  if (i < weights) {
    let co = i / taps;
    let r = i % taps;
    let ci = r / area;
    let ky = (r % area) / p.kw;
    let kx = r % p.kw;
    var v = split_sum((ky * p.kw + kx) * p.c_in + ci, co, taps);
    if (p.beta != 0.0) {
      v += p.beta * dw[i];
    }
    dw[i] = v;
  } else if (p.has_bias != 0u && i < weights + p.c_out) {
    let co = i - weights;
    var v = split_sum(taps, co, taps);
    if (p.beta != 0.0) {
      v += p.beta * db[co];
    }
    db[co] = v;
  }
}
