// Gradient of a stride-s, unpadded 2-D convolution on NHWC tensors with
// respect to its weights and bias, split over the batch:
//   partial[split, k, co] = sum over the images n of this split and the
//     output pixels q of x[patch of q, tap k] * dy[n, q, co]
// with k = (ky * KW + kx) * C_in + ci, and an extra row k = K that sums
// dy alone (the bias gradient). conv2d_nhwc_weight_finish.wgsl then adds
// the splits and writes PyTorch's [C_out, C_in, KH, KW] layout. Shape
// limits are those of conv2d_nhwc_forward.wgsl.
//
// Tiling: register blocking without workgroup memory. An invocation keeps
// 4 taps x 8 output channels (8 vec4 accumulators, one per channel, over
// the 4 taps); per pixel it loads one vec4 of x and two vec4 of dy for 32
// multiply-adds. With WIDE_TAPS it keeps 8 taps x 4 channels instead and
// loads two vec4 of x and one of dy (the launcher then needs C_in * KW in
// multiples of 8). The lane and workgroup mapping (LANES_ON_ROWS, WG_Y = 1
// for uniform loads) is that of the forward kernel, with tap blocks as
// rows; the z workgroup id is the split.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, images_per_split: u32, has_bias: u32,
}

override WG_X: u32 = 8u;
override WG_Y: u32 = 1u;
override LANES_ON_ROWS: bool = false;
override WIDE_TAPS: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> partial: array<vec4<f32>>;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let y_block = wid.y * WG_Y + select(lid.y, 0u, WG_Y == 1u);
  let row_block = select(y_block, gid.x, LANES_ON_ROWS);
  let col_block = select(gid.x, y_block, LANES_ON_ROWS);
  let taps = p.kh * p.kw * p.c_in;
  let taps_per_block = select(4u, 8u, WIDE_TAPS);
  let tap_blocks = taps / taps_per_block;
  let cout4 = p.c_out / 4u;
  let col = select(col_block * 2u, col_block, WIDE_TAPS);
  if (row_block >= tap_blocks + p.has_bias || col >= cout4) {
    return;
  }
  let col_hi = min(col + 1u, cout4 - 1u);
  // The block after the last tap block sums dy alone: its "input" is 1.
  let is_bias = row_block == tap_blocks;
  let run4 = p.kw * p.c_in / 4u;
  let row4 = p.width * p.c_in / 4u;
  let kq = select(row_block * taps_per_block / 4u, 0u, is_bias);
  let tap_offset = (kq / run4) * row4 + kq % run4;
  let one = vec4<f32>(1.0, 0.0, 0.0, 0.0);
  let zero = vec4<f32>(0.0);
  let step = p.stride * p.c_in / 4u;

  let first = wid.z * p.images_per_split;
  let stop = min(first + p.images_per_split, p.batch);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  var acc4 = vec4<f32>(0.0);
  var acc5 = vec4<f32>(0.0);
  var acc6 = vec4<f32>(0.0);
  var acc7 = vec4<f32>(0.0);
  for (var n = first; n < stop; n++) {
    for (var oy = 0u; oy < p.out_h; oy++) {
      var xi = (n * p.height + oy * p.stride) * row4 + tap_offset;
      var di = (n * p.out_h + oy) * p.out_w * cout4;
      for (var ox = 0u; ox < p.out_w; ox++) {
        if (WIDE_TAPS) {
          // acc0..3 hold taps k0..k0+3 and acc4..7 taps k0+4..k0+7, per channel.
          let a0 = select(x[xi], one, is_bias);
          let a1 = select(x[xi + 1u], zero, is_bias);
          let d = dy[di + col];
          acc0 = fma(a0, vec4<f32>(d.x), acc0);
          acc1 = fma(a0, vec4<f32>(d.y), acc1);
          acc2 = fma(a0, vec4<f32>(d.z), acc2);
          acc3 = fma(a0, vec4<f32>(d.w), acc3);
          acc4 = fma(a1, vec4<f32>(d.x), acc4);
          acc5 = fma(a1, vec4<f32>(d.y), acc5);
          acc6 = fma(a1, vec4<f32>(d.z), acc6);
          acc7 = fma(a1, vec4<f32>(d.w), acc7);
        } else {
          let a = select(x[xi], one, is_bias);
          let dl = dy[di + col];
          let dh = dy[di + col_hi];
          acc0 = fma(a, vec4<f32>(dl.x), acc0);
          acc1 = fma(a, vec4<f32>(dl.y), acc1);
          acc2 = fma(a, vec4<f32>(dl.z), acc2);
          acc3 = fma(a, vec4<f32>(dl.w), acc3);
          acc4 = fma(a, vec4<f32>(dh.x), acc4);
          acc5 = fma(a, vec4<f32>(dh.y), acc5);
          acc6 = fma(a, vec4<f32>(dh.z), acc6);
          acc7 = fma(a, vec4<f32>(dh.w), acc7);
        }
        xi += step;
        di += cout4;
      }
    }
  }

  // Row t of the block holds tap k0 + t for the block's channels.
  let base = wid.z * (taps + 1u) + row_block * taps_per_block;
  if (WIDE_TAPS) {
    let rows = select(8u, 1u, is_bias);
    for (var t = 0u; t < rows; t++) {
      let lo = vec4<f32>(acc0[t % 4u], acc1[t % 4u], acc2[t % 4u], acc3[t % 4u]);
      let hi = vec4<f32>(acc4[t % 4u], acc5[t % 4u], acc6[t % 4u], acc7[t % 4u]);
      partial[(base + t) * cout4 + col] = select(lo, hi, t >= 4u);
    }
    return;
  }
  let rows = select(4u, 1u, is_bias);
  let store_hi = col + 1u < cout4;
  for (var t = 0u; t < rows; t++) {
    let index = (base + t) * cout4 + col;
    partial[index] = vec4<f32>(acc0[t], acc1[t], acc2[t], acc3[t]);
    if (store_hi) {
      partial[index + 1u] = vec4<f32>(acc4[t], acc5[t], acc6[t], acc7[t]);
    }
  }
}
