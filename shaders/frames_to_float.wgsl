// Conversion of uint8 pixels to float32 in [0, 1]: out[i] = byte[i] / 255.
// The bytes arrive packed four to a u32 word (little-endian, the order of
// a Uint8Array viewed as Uint32Array). One invocation per word writes up to
// 4 floats, on a 1-D grid of WG invocations per workgroup folded into two
// dispatch dimensions.

struct Params {
  count: u32, pad0: u32, pad1: u32, pad2: u32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> words: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let word = gid.x + gid.y * groups.x * WG;
  let first = word * 4u;
  if (first >= p.count) {
    return;
  }
  for (var j = 0u; j < 4u; j++) {
    if (first + j < p.count) {
      out[first + j] = f32(extractBits(words[word], 8u * j, 8u)) / 255.0;
    }
  }
}
