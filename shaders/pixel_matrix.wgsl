// An NCHW tensor [images, C, plane] as a matrix over pixels, for the
// im2col convolution path: [C, columns] when transposed is 0, else
// [columns, C], where column n = image * plane + pixel and columns rounds
// the pixel count up to a multiple of 4 (the extra entries are zero).
// One invocation per output element, on a 1-D grid of WG invocations per
// workgroup folded into two dispatch dimensions.

struct Params {
  images: u32, channels: u32, plane: u32, columns: u32,
  transposed: u32, pad0: u32, pad1: u32, pad2: u32,
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
  if (i >= p.channels * p.columns) {
    return;
  }
  var channel = i / p.columns;
  var n = i % p.columns;
  if (p.transposed != 0u) {
    channel = i % p.channels;
    n = i / p.channels;
  }
  var v = 0.0;
  if (n < p.images * p.plane) {
    v = x[((n / p.plane) * p.channels + channel) * p.plane + n % p.plane];
  }
  out[i] = v;
}
