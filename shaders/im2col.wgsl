// Patch matrix of an unpadded, strided convolution (im2col):
//   col[k, n] = x[image, ci, oy * s + ky, ox * s + kx]
// with k = (ci * KH + ky) * KW + kx and n = image * (OH * OW) + oy * OW + ox.
// col is [K, columns], where columns rounds the pixel count up to a
// multiple of 4 and the extra columns are zero, so matmul_vec4 can read
// rows of col as vec4.
//
// One invocation per (k, image, oy) writes one output row of OW pixels, so
// the integer divisions that decode k and the row happen once per row:
// lavapipe runs vector integer division lane by lane. The invocation of
// the last row also zeroes the padding columns. 1-D grid of WG invocations
// per workgroup, folded into two dispatch dimensions.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, columns: u32, pad0: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> col: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  let kernel_area = p.kh * p.kw;
  let rows_per_k = p.batch * p.out_h;
  if (i >= p.c_in * kernel_area * rows_per_k) {
    return;
  }
  let k = i / rows_per_k;
  let row = i % rows_per_k;
  let image = row / p.out_h;
  let oy = row % p.out_h;
  let ci = k / kernel_area;
  let ky = (k % kernel_area) / p.kw;
  let kx = k % p.kw;

  var source = ((image * p.c_in + ci) * p.height + oy * p.stride + ky) * p.width + kx;
  let first = k * p.columns + row * p.out_w;
  for (var ox = 0u; ox < p.out_w; ox++) {
    col[first + ox] = x[source];
    source += p.stride;
  }
  if (row == rows_per_k - 1u) {
    for (var n = rows_per_k * p.out_w; n < p.columns; n++) {
      col[k * p.columns + n] = 0.0;
    }
  }
}
