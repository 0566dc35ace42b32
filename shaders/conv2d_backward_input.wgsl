// Gradient of a stride-s, unpadded 2-D convolution with respect to its input:
//   dx[n, ci, iy, ix] = sum over co and the taps (ky, kx) with
//     iy = oy * s + ky and ix = ox * s + kx of w[co, ci, ky, kx] * dy[n, co, oy, ox]
// Only taps with ky = iy (mod s) reach row iy, so each invocation walks
// those taps alone. Every element of dx is written, zero where no output
// depends on it.
//
// Tiling: register blocking without workgroup memory. An invocation
// computes 4 input channels x 4 input columns that share the residue
// ix mod s (columns ix0, ix0 + s, ix0 + 2s, ix0 + 3s). They share every
// tap, and their dy columns are neighbours, so one tap costs 4 weight and
// 4 dy loads for 16 multiply-adds. The workgroup is WG_X x WG_Y: x runs
// over (image, input row, residue, column block), y over channel blocks.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, pad0: u32, pad1: u32,
}

override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = p.stride;
  let per_residue = (p.width + s - 1u) / s;
  let col_blocks = (per_residue + 3u) / 4u;
  let per_row = s * col_blocks;
  let per_image = p.height * per_row;
  let ci0 = gid.y * 4u;
  if (gid.x >= p.batch * per_image || ci0 >= p.c_in) {
    return;
  }
  let n = gid.x / per_image;
  let iy = (gid.x % per_image) / per_row;
  let rx = (gid.x % per_row) / col_blocks;
  let q0 = i32((gid.x % col_blocks) * 4u);

  let kernel_area = p.kh * p.kw;
  let taps = p.c_in * kernel_area;
  let last_ci = p.c_in - 1u;
  let wcols = vec4<u32>(
    min(ci0, last_ci), min(ci0 + 1u, last_ci),
    min(ci0 + 2u, last_ci), min(ci0 + 3u, last_ci)) * kernel_area;
  let out_plane = p.out_h * p.out_w;
  let last_ox = i32(p.out_w) - 1;

  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  // With ky = ry + s * u and kx = rx + s * t, the output row is
  // oy_top - u and the output column of input column j is q0 + j - t, so
  // the tap loops need no division (lavapipe divides lane by lane).
  let ry = iy % s;
  let oy_top = i32((iy - ry) / s);
  let q = vec4<i32>(q0, q0 + 1, q0 + 2, q0 + 3);
  for (var co = 0u; co < p.c_out; co++) {
    let w_base = co * taps;
    let dy_plane = (n * p.c_out + co) * out_plane;
    var oy = oy_top;
    for (var ky = ry; ky < p.kh && oy >= 0; ky += s) {
      if (oy < i32(p.out_h)) {
        let dy_row = dy_plane + u32(oy) * p.out_w;
        var ox = q;
        for (var kx = rx; kx < p.kw; kx += s) {
          let valid = (ox >= vec4<i32>(0)) & (ox <= vec4<i32>(last_ox));
          let oxc = vec4<u32>(clamp(ox, vec4<i32>(0), vec4<i32>(last_ox)));
          let dv = select(vec4<f32>(0.0), vec4<f32>(
            dy[dy_row + oxc.x], dy[dy_row + oxc.y], dy[dy_row + oxc.z], dy[dy_row + oxc.w]), valid);
          let wk = w_base + ky * p.kw + kx;
          acc0 = fma(vec4<f32>(w[wk + wcols.x]), dv, acc0);
          acc1 = fma(vec4<f32>(w[wk + wcols.y]), dv, acc1);
          acc2 = fma(vec4<f32>(w[wk + wcols.z]), dv, acc2);
          acc3 = fma(vec4<f32>(w[wk + wcols.w]), dv, acc3);
          ox -= vec4<i32>(1);
        }
      }
      oy--;
    }
  }

  let accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  let plane = p.height * p.width;
  for (var i = 0u; i < 4u; i++) {
    let ci = ci0 + i;
    if (ci >= p.c_in) {
      break;
    }
    let row = (n * p.c_in + ci) * plane + iy * p.width;
    for (var j = 0u; j < 4u; j++) {
      let ix = rx + (u32(q0) + j) * s;
      if (ix < p.width) {
        dx[row + ix] = accs[i][j];
      }
    }
  }
}
