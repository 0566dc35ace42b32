// An NCHW tensor [images, C, plane] as a matrix over pixels, for the
// im2col convolution path: [C, columns] when transposed is 0, else
// [columns, C], where column n = image * plane + pixel and columns rounds
// the pixel count up to a multiple of 4 (the extra entries are zero).
//
// One invocation per (image, channel) copies one plane, so no integer
// division runs per element (lavapipe runs vector integer division lane by
// lane). The invocations of the last image also zero the padding. 1-D grid
// of WG invocations per workgroup, folded into two dispatch dimensions.

struct Params {
  images: u32, channels: u32, plane: u32, columns: u32,
  transposed: u32, pad0: u32, pad1: u32, pad2: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

fn out_index(channel: u32, n: u32) -> u32 {
  if (p.transposed != 0u) {
    return n * p.channels + channel;
  }
  return channel * p.columns + n;
}

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  if (i >= p.images * p.channels) {
    return;
  }
  let image = i / p.channels;
  let channel = i % p.channels;
  let source = i * p.plane;
  let first = image * p.plane;
  for (var pixel = 0u; pixel < p.plane; pixel++) {
    out[out_index(channel, first + pixel)] = x[source + pixel];
  }
  if (image == p.images - 1u) {
    for (var n = p.images * p.plane; n < p.columns; n++) {
      out[out_index(channel, n)] = 0.0;
    }
  }
}
