// 2-D convolution, stride s, no padding, bias and ReLU fused, on
// channels-last (NHWC) tensors, as an implicit matrix product:
//   y[p, co] = sum over k of patch[p, k] * wt[k, co] (+ bias[co], ReLU)
// where p = (n * OH + oy) * OW + ox runs over output pixels and
// k = (ky * KW + kx) * C_in + ci over taps. wt is the weight permuted to
// [KH, KW, C_in, C_out]. For one ky, the taps (kx, ci) of a pixel are a
// contiguous run of KW * C_in inputs, so patch rows are read as vec4
// straight from x. The launcher checks that C_in * stride, C_in * W,
// C_in * KW and C_out are multiples of 4, which keeps every vec4 aligned.
//
// Tiling: register blocking without workgroup memory. An invocation keeps
// 4 pixels x 8 output channels (8 vec4 accumulators); per 4 taps it loads
// one vec4 of x per pixel and two vec4 of wt per tap, 12 loads for 128
// multiply-adds. With LANES_ON_ROWS false, lanes run over channel blocks
// and the pixel block comes from the workgroup id when WG_Y is 1, so the
// x loads are uniform across the workgroup (cheaper on lavapipe). With it
// true, lanes run over pixel blocks and the wt loads are uniform. The
// y and z workgroup counts together index the blocks on the other axis.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, has_bias: u32, relu: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 1u;
override LANES_ON_ROWS: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wt: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>;

// Offset in vec4 of the first tap of output pixel `pixel` in x.
fn patch_origin(pixel: u32) -> u32 {
  let out_plane = p.out_h * p.out_w;
  let n = pixel / out_plane;
  let r = pixel % out_plane;
  let oy = r / p.out_w;
  let ox = r % p.out_w;
  return ((n * p.height + oy * p.stride) * p.width + ox * p.stride) * p.c_in / 4u;
}

fn activate(v: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  let s = v + b;
  return select(s, max(s, vec4<f32>(0.0)), p.relu != 0u);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  // WG_Y is constant per pipeline, so with WG_Y = 1 the compiler sees that
  // the block on the y axis is uniform across the workgroup.
  let y_block = (wid.z * groups.y + wid.y) * WG_Y + select(lid.y, 0u, WG_Y == 1u);
  let row_block = select(y_block, gid.x, LANES_ON_ROWS);
  let col_block = select(gid.x, y_block, LANES_ON_ROWS);
  let pixels = p.batch * p.out_h * p.out_w;
  let cout4 = p.c_out / 4u;
  let col = col_block * 2u;
  if (row_block * 4u >= pixels || col >= cout4) {
    return;
  }
  let col_hi = min(col + 1u, cout4 - 1u);
  let last = pixels - 1u;
  let p0 = row_block * 4u;
  let origins = vec4<u32>(
    patch_origin(p0), patch_origin(min(p0 + 1u, last)),
    patch_origin(min(p0 + 2u, last)), patch_origin(min(p0 + 3u, last)));

  let run4 = p.kw * p.c_in / 4u;
  let row4 = p.width * p.c_in / 4u;
  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var wl = col;
  var wh = col_hi;
  for (var ky = 0u; ky < p.kh; ky++) {
    let o = origins + vec4<u32>(ky * row4);
    for (var j = 0u; j < run4; j++) {
      let a0 = x[o.x + j];
      let a1 = x[o.y + j];
      let a2 = x[o.z + j];
      let a3 = x[o.w + j];
      let ml = mat4x4<f32>(wt[wl], wt[wl + cout4], wt[wl + 2u * cout4], wt[wl + 3u * cout4]);
      let mh = mat4x4<f32>(wt[wh], wt[wh + cout4], wt[wh + 2u * cout4], wt[wh + 3u * cout4]);
      acc0l += ml * a0;
      acc0h += mh * a0;
      acc1l += ml * a1;
      acc1h += mh * a1;
      acc2l += ml * a2;
      acc2h += mh * a2;
      acc3l += ml * a3;
      acc3h += mh * a3;
      wl += 4u * cout4;
      wh += 4u * cout4;
    }
  }

  var bl = vec4<f32>(0.0);
  var bh = vec4<f32>(0.0);
  if (p.has_bias != 0u) {
    bl = bias[col];
    bh = bias[col_hi];
  }
  let store_hi = col + 1u < cout4;
  let lows = array<vec4<f32>, 4>(acc0l, acc1l, acc2l, acc3l);
  let highs = array<vec4<f32>, 4>(acc0h, acc1h, acc2h, acc3h);
  for (var i = 0u; i < 4u; i++) {
    let pixel = p0 + i;
    if (pixel >= pixels) {
      break;
    }
    y[pixel * cout4 + col] = activate(lows[i], bl);
    if (store_hi) {
      y[pixel * cout4 + col + 1u] = activate(highs[i], bh);
    }
  }
}
