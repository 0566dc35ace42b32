// Patch matrix of an unpadded, strided convolution (im2col):
//   col[k, n] = x[image, ci, oy * s + ky, ox * s + kx]
// with k = (ci * KH + ky) * KW + kx and n = image * (OH * OW) + oy * OW + ox.
// col is [K, columns], where columns rounds the pixel count up to a
// multiple of 4 and the extra columns are zero, so matmul_vec4 can read
// rows of col as vec4. One invocation per element of col, on a 1-D grid of
// WG invocations per workgroup folded into two dispatch dimensions.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, columns: u32, pad0: u32,
}

override WG: u32 = 256u;

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
  if (i >= p.c_in * kernel_area * p.columns) {
    return;
  }
  let k = i / p.columns;
  let n = i % p.columns;
  let out_plane = p.out_h * p.out_w;
  var v = 0.0;
  if (n < p.batch * out_plane) {
    let image = n / out_plane;
    let oy = (n % out_plane) / p.out_w;
    let ox = n % p.out_w;
    let ci = k / kernel_area;
    let ky = (k % kernel_area) / p.kw;
    let kx = k % p.kw;
    v = x[((image * p.c_in + ci) * p.height + oy * p.stride + ky) * p.width + ox * p.stride + kx];
  }
  col[i] = v;
}
