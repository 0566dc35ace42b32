// Input gradient of an unpadded, strided convolution from the gradient of
// its patch matrix (the adjoint of im2col.wgsl):
//   dx[image, ci, iy, ix] = sum over taps (ky, kx) with iy = oy * s + ky and
//     ix = ox * s + kx of dcol[(ci * KH + ky) * KW + kx, image * OH * OW + oy * OW + ox]
// Only taps with ky = iy (mod s) and kx = ix (mod s) reach a pixel, so each
// invocation gathers those alone; every element of dx is written. One
// invocation per element of dx, on a 1-D grid of WG invocations per
// workgroup folded into two dispatch dimensions.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, columns: u32, pad0: u32,
}

override WG: u32 = 256u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dcol: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  let plane = p.height * p.width;
  if (i >= p.batch * p.c_in * plane) {
    return;
  }
  let image = i / (p.c_in * plane);
  let ci = (i / plane) % p.c_in;
  let iy = (i % plane) / p.width;
  let ix = i % p.width;
  let s = p.stride;
  let column_base = image * p.out_h * p.out_w;
  var sum = 0.0;
  for (var ky = iy % s; ky < p.kh && ky <= iy; ky += s) {
    let oy = (iy - ky) / s;
    if (oy >= p.out_h) {
      continue;
    }
    for (var kx = ix % s; kx < p.kw && kx <= ix; kx += s) {
      let ox = (ix - kx) / s;
      if (ox < p.out_w) {
        let k = (ci * p.kh + ky) * p.kw + kx;
        sum += dcol[k * p.columns + column_base + oy * p.out_w + ox];
      }
    }
  }
  dx[i] = sum;
}
