// Gradient of a stride-s, unpadded 2-D convolution on NHWC tensors with
// respect to its input:
//   dx[n, iy, ix, ci] = sum over co and the taps (ky, kx) with
//     iy = oy * s + ky and ix = ox * s + kx of dy[n, oy, ox, co] * w[co, ci, ky, kx]
// wp is the weight permuted to [KH, KW, C_out, C_in], so both operands are
// read as vec4: dy along C_out and wp along C_in (the launcher checks that
// both are multiples of 4). Every element of dx is written, zero where no
// output depends on it. When relu is set, dx is then multiplied by the
// step function of relu_y, the ReLU output that was this convolution's
// input, which fuses the previous layer's ReLU backward.
//
// Tiling: register blocking without workgroup memory. An invocation keeps
// 4 input pixels x 8 input channels (8 vec4 accumulators). Its pixels are
// ix = rx + s * (q0 + j), j = 0..3, of row iy = ry + s * a, so with
// ky = ry + s * u and kx = rx + s * t they read output row a - u and
// columns q0 + j - t, and the tap loops need no division (lavapipe divides
// lane by lane). The residue class (ry, rx) is the z workgroup id, so the
// tap loops are uniform. With LANES_ON_CHANNELS false, lanes run over
// pixel blocks and the channel block is the y id, which makes the wp loads
// uniform across the workgroup when WG_Y is 1. With it true, lanes run
// over channel blocks and the pixel block is the y id, which makes the dy
// loads and the edge tests uniform, so taps outside dy are skipped. Per 4
// output channels of a tap an invocation loads one vec4 of dy per pixel
// and two vec4 of wp per channel, 12 loads for 128 multiply-adds. Pixels
// whose output column falls outside dy read a clamped element scaled by 0.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, relu: u32, pad0: u32,
}

override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;
override LANES_ON_CHANNELS: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wp: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dx: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> relu_y: array<vec4<f32>>;

// With relu set, passes the gradient only where the ReLU output relu_y
// that fed this convolution is positive (ReLU backward, fused).
fn relu_gate(g: vec4<f32>, index: u32) -> vec4<f32> {
  if (p.relu == 0u) {
    return g;
  }
  return select(vec4<f32>(0.0), g, relu_y[index] > vec4<f32>(0.0));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let s = p.stride;
  let ry = wid.z / s;
  let rx = wid.z % s;
  // Rows and column blocks of this residue class in each image.
  let rows = (p.height - ry + s - 1u) / s;
  let col_blocks = ((p.width - rx + s - 1u) / s + 3u) / 4u;
  let per_image = rows * col_blocks;
  let cin4 = p.c_in / 4u;
  let cout4 = p.c_out / 4u;
  let y_block = wid.y * WG_Y + select(lid.y, 0u, WG_Y == 1u);
  let pixel_block = select(gid.x, y_block, LANES_ON_CHANNELS);
  let col = select(y_block, gid.x, LANES_ON_CHANNELS) * 2u;
  if (ry >= p.height || rx >= p.width || pixel_block >= p.batch * per_image || col >= cin4) {
    return;
  }
  let col_hi = min(col + 1u, cin4 - 1u);
  let n = pixel_block / per_image;
  let a = i32((pixel_block % per_image) / col_blocks);
  let q0 = i32((pixel_block % col_blocks) * 4u);
  let last_ox = i32(p.out_w) - 1;
  let last_oy = i32(p.out_h) - 1;
  let q = vec4<i32>(q0, q0 + 1, q0 + 2, q0 + 3);

  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var u = 0;
  for (var ky = ry; ky < p.kh; ky += s) {
    let oy = a - u;
    u++;
    if (oy < 0 || oy > last_oy) {
      continue;
    }
    let dy_row = (n * p.out_h + u32(oy)) * p.out_w;
    var ox = q;
    for (var kx = rx; kx < p.kw; kx += s) {
      let valid = (ox >= vec4<i32>(0)) & (ox <= vec4<i32>(last_ox));
      if (!any(valid)) {
        ox -= vec4<i32>(1);
        continue;
      }
      let mask = select(vec4<f32>(0.0), vec4<f32>(1.0), valid);
      let oxc = vec4<u32>(clamp(ox, vec4<i32>(0), vec4<i32>(last_ox)));
      let d = (vec4<u32>(dy_row) + oxc) * cout4;
      var wl = (ky * p.kw + kx) * p.c_out * cin4 + col;
      var wh = wl - col + col_hi;
      for (var co4 = 0u; co4 < cout4; co4++) {
        let a0 = dy[d.x + co4] * mask.x;
        let a1 = dy[d.y + co4] * mask.y;
        let a2 = dy[d.z + co4] * mask.z;
        let a3 = dy[d.w + co4] * mask.w;
        let ml = mat4x4<f32>(wp[wl], wp[wl + cin4], wp[wl + 2u * cin4], wp[wl + 3u * cin4]);
        let mh = mat4x4<f32>(wp[wh], wp[wh + cin4], wp[wh + 2u * cin4], wp[wh + 3u * cin4]);
        acc0l += ml * a0;
        acc0h += mh * a0;
        acc1l += ml * a1;
        acc1h += mh * a1;
        acc2l += ml * a2;
        acc2h += mh * a2;
        acc3l += ml * a3;
        acc3h += mh * a3;
        wl += 4u * cin4;
        wh += 4u * cin4;
      }
      ox -= vec4<i32>(1);
    }
  }

  let lows = array<vec4<f32>, 4>(acc0l, acc1l, acc2l, acc3l);
  let highs = array<vec4<f32>, 4>(acc0h, acc1h, acc2h, acc3h);
  let store_hi = col + 1u < cin4;
  let row = (n * p.height + ry + u32(a) * s) * p.width;
  for (var j = 0u; j < 4u; j++) {
    let ix = rx + (u32(q0) + j) * s;
    if (ix >= p.width) {
      break;
    }
    let index = (row + ix) * cin4 + col;
    dx[index] = relu_gate(lows[j], index);
    if (store_hi) {
      dx[index + 1u] = relu_gate(highs[j], index + 1u);
    }
  }
}
