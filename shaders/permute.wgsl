// Strided copy into a contiguous 4-D tensor:
//   out[i0, i1, i2, i3] = x[offset + i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3]
// which covers transposes, axis permutations and slices of up to 4 axes.
// One invocation per output element on a 1-D grid of WG invocations per
// workgroup, folded into two dispatch dimensions.

struct Params {
  d0: u32, d1: u32, d2: u32, d3: u32,
  s0: u32, s1: u32, s2: u32, s3: u32,
  offset: u32, count: u32, pad0: u32, pad1: u32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= p.count) {
    return;
  }
  let i3 = i % p.d3;
  let i2 = (i / p.d3) % p.d2;
  let i1 = (i / (p.d3 * p.d2)) % p.d1;
  let i0 = i / (p.d3 * p.d2 * p.d1);
  out[i] = x[p.offset + i0 * p.s0 + i1 * p.s1 + i2 * p.s2 + i3 * p.s3];
}
