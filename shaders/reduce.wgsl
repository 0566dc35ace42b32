// Strided sum reduction into a contiguous [outer, inner] output:
//   out[o1, o2] = scale * sum_{i < I, j < J} x[offset + o1 * so1 + o2 * so2
//                 + i * si + j * sj] + beta * out[o1, o2]
// Mean reductions, bias gradients (sum over images and pixels), per-label
// means and the sum over split-K partials are all this one pattern. With
// beta = 0 the old output is not read.
//
// Tiling: one workgroup of WG invocations per output element. The
// invocations stride over the terms, then combine their sums by tree
// reduction in workgroup memory (WG must be a power of two). Outputs fold
// into two dispatch dimensions. reduce_serial.wgsl is the variant for short
// sums.

struct Params {
  outer: u32, inner: u32, count_i: u32, count_j: u32,
  stride_outer: u32, stride_inner: u32, stride_i: u32, stride_j: u32,
  offset: u32, pad0: u32, scale: f32, beta: f32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let o = wid.x + wid.y * groups.x;
  if (o >= p.outer * p.inner) {
    return;
  }
  let base = p.offset + (o / p.inner) * p.stride_outer + (o % p.inner) * p.stride_inner;
  // The invocations stride over the longer of the two axes, so no term
  // needs an integer division (lavapipe divides lane by lane).
  var sum = 0.0;
  if (p.count_j >= p.count_i) {
    for (var i = 0u; i < p.count_i; i++) {
      let row = base + i * p.stride_i;
      for (var j = lid.x; j < p.count_j; j += WG) {
        sum += x[row + j * p.stride_j];
      }
    }
  } else {
    for (var j = 0u; j < p.count_j; j++) {
      let column = base + j * p.stride_j;
      for (var i = lid.x; i < p.count_i; i += WG) {
        sum += x[column + i * p.stride_i];
      }
    }
  }
  partial[lid.x] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) {
      partial[lid.x] += partial[lid.x + stride];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    var v = p.scale * partial[0];
    if (p.beta != 0.0) {
      v += p.beta * out[o];
    }
    out[o] = v;
  }
}
