// Input gradient of an unpadded, strided convolution from the gradient of
// its patch matrix (the adjoint of im2col.wgsl):
//   dx[image, ci, iy, ix] = sum over taps (ky, kx) with iy = oy * s + ky and
//     ix = ox * s + kx of dcol[(ci * KH + ky) * KW + kx, image * OH * OW + oy * OW + ox]
// Only taps with ky = iy (mod s) and kx = ix (mod s) reach a pixel. Every
// element of dx is written, zero where no output depends on it.
//
// One invocation per (image, ci, iy, rx) writes the columns ix = rx + s * q
// of one row. Writing ky = ry + s * u and kx = rx + s * t gives
// oy = (iy - ry) / s - u and ox = q - t, so the loops divide only once per
// invocation (lavapipe runs vector integer division lane by lane). 1-D grid
// of WG invocations per workgroup, folded into two dispatch dimensions.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, columns: u32, pad0: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dcol: array<f32>;
@group(0) @binding(2) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let i = gid.x + gid.y * groups.x * WG;
  let s = p.stride;
  let rows = p.batch * p.c_in * p.height;
  if (i >= rows * s) {
    return;
  }
  let row = i / s;
  let rx = i % s;
  let image = row / (p.c_in * p.height);
  let ci = (row / p.height) % p.c_in;
  let iy = row % p.height;
  let ry = iy % s;
  let oy_top = i32((iy - ry) / s);
  let column_base = image * p.out_h * p.out_w;
  let out_row = row * p.width;

  for (var ix = rx; ix < p.width; ix += s) {
    let q = i32((ix - rx) / s);
    var sum = 0.0;
    var u = 0;
    for (var ky = ry; ky < p.kh; ky += s) {
      let oy = oy_top - u;
      u++;
      if (oy < 0) {
        break;
      }
      if (oy >= i32(p.out_h)) {
        continue;
      }
      let k_row = (ci * p.kh + ky) * p.kw;
      let pixel_row = column_base + u32(oy) * p.out_w;
      var t = 0;
      for (var kx = rx; kx < p.kw; kx += s) {
        let ox = q - t;
        t++;
        if (ox < 0) {
          break;
        }
        if (ox < i32(p.out_w)) {
          sum += dcol[(k_row + kx) * p.columns + pixel_row + u32(ox)];
        }
      }
    }
    dx[out_row + ix] = sum;
  }
}
