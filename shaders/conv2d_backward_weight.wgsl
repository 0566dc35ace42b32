// Gradient of a stride-s, unpadded 2-D convolution with respect to its
// weights, split over the batch:
//   partial[split, co, k] = sum over the images n of this split and all
//     (oy, ox) of dy[n, co, oy, ox] * x[n, ci, oy * s + ky, ox * s + kx]
// where k = (ci * KH + ky) * KW + kx. The splits are then summed by the
// reduce kernel into dw [C_out, C_in, KH, KW]; splitting gives the long
// reduction over images and pixels enough parallel work.
//
// Tiling: register blocking without workgroup memory. An invocation keeps
// 4 output channels x 4 consecutive k in registers; the 4 input offsets of
// its k are decoded once, so each pixel costs 4 dy and 4 x loads for 16
// multiply-adds. The workgroup is WG_X x WG_Y: x runs over k blocks, y over
// output-channel blocks, z over splits.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, images_per_split: u32, pad0: u32,
}

override WG_X: u32 = 16u;
override WG_Y: u32 = 4u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;

fn tap_offset(k: u32) -> u32 {
  let kernel_area = p.kh * p.kw;
  let ci = k / kernel_area;
  let ky = (k % kernel_area) / p.kw;
  let kx = k % p.kw;
  return (ci * p.height + ky) * p.width + kx;
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let taps = p.c_in * p.kh * p.kw;
  let k0 = gid.x * 4u;
  let co0 = gid.y * 4u;
  if (k0 >= taps || co0 >= p.c_out) {
    return;
  }
  let last_k = taps - 1u;
  let offsets = vec4<u32>(
    tap_offset(min(k0, last_k)), tap_offset(min(k0 + 1u, last_k)),
    tap_offset(min(k0 + 2u, last_k)), tap_offset(min(k0 + 3u, last_k)));
  let out_plane = p.out_h * p.out_w;
  let last_co = p.c_out - 1u;
  let dy_rows = vec4<u32>(
    min(co0, last_co), min(co0 + 1u, last_co),
    min(co0 + 2u, last_co), min(co0 + 3u, last_co)) * out_plane;

  let first = gid.z * p.images_per_split;
  let last = min(first + p.images_per_split, p.batch);
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var n = first; n < last; n++) {
    let x_image = n * p.c_in * p.height * p.width;
    let dy_image = n * p.c_out * out_plane;
    for (var oy = 0u; oy < p.out_h; oy++) {
      var xi = x_image + oy * p.stride * p.width;
      var di = dy_image + oy * p.out_w;
      for (var ox = 0u; ox < p.out_w; ox++) {
        let xv = vec4<f32>(x[xi + offsets.x], x[xi + offsets.y], x[xi + offsets.z], x[xi + offsets.w]);
        acc0 = fma(vec4<f32>(dy[di + dy_rows.x]), xv, acc0);
        acc1 = fma(vec4<f32>(dy[di + dy_rows.y]), xv, acc1);
        acc2 = fma(vec4<f32>(dy[di + dy_rows.z]), xv, acc2);
        acc3 = fma(vec4<f32>(dy[di + dy_rows.w]), xv, acc3);
        xi += p.stride;
        di++;
      }
    }
  }

  let accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  let split_base = gid.z * p.c_out * taps;
  for (var i = 0u; i < 4u; i++) {
    let co = co0 + i;
    if (co >= p.c_out) {
      break;
    }
    for (var j = 0u; j < 4u; j++) {
      if (k0 + j < taps) {
        partial[split_base + co * taps + k0 + j] = accs[i][j];
      }
    }
  }
}
