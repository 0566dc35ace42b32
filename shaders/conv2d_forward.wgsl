// 2-D convolution, stride s, no padding, with bias and ReLU fused:
//   y[n, co, oy, ox] = relu(bias[co] + sum_{ci, ky, kx}
//                      w[co, ci, ky, kx] * x[n, ci, oy * s + ky, ox * s + kx])
// Layouts are PyTorch's: x NCHW, w [C_out, C_in, KH, KW].
//
// Tiling: register blocking without workgroup memory. Each invocation
// computes 4 output channels x 4 neighbouring output columns of one output
// row (4 vec4 accumulators), reading 4 weights and 4 input pixels per tap.
// The workgroup is WG_X x WG_Y: x runs over (image, output row, column
// block), y over blocks of 4 output channels. Edge channels and columns are
// clamped for loads and skipped on store.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, has_bias: u32, relu: u32,
}

override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col_blocks = (p.out_w + 3u) / 4u;
  let per_image = p.out_h * col_blocks;
  let co0 = gid.y * 4u;
  if (gid.x >= p.batch * per_image || co0 >= p.c_out) {
    return;
  }
  let n = gid.x / per_image;
  let r = gid.x % per_image;
  let oy = r / col_blocks;
  let ox0 = (r % col_blocks) * 4u;

  let last_col = p.out_w - 1u;
  let cols = vec4<u32>(
    min(ox0, last_col), min(ox0 + 1u, last_col),
    min(ox0 + 2u, last_col), min(ox0 + 3u, last_col)) * p.stride;
  let taps = p.c_in * p.kh * p.kw;
  let last_co = p.c_out - 1u;
  let wrows = vec4<u32>(
    min(co0, last_co), min(co0 + 1u, last_co),
    min(co0 + 2u, last_co), min(co0 + 3u, last_co)) * taps;

  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let plane = p.height * p.width;
  var wk = 0u;
  for (var ci = 0u; ci < p.c_in; ci++) {
    let x_plane = (n * p.c_in + ci) * plane + oy * p.stride * p.width;
    for (var ky = 0u; ky < p.kh; ky++) {
      let x_row = x_plane + ky * p.width;
      for (var kx = 0u; kx < p.kw; kx++) {
        let xi = x_row + kx;
        let xv = vec4<f32>(x[xi + cols.x], x[xi + cols.y], x[xi + cols.z], x[xi + cols.w]);
        acc0 = fma(vec4<f32>(w[wrows.x + wk]), xv, acc0);
        acc1 = fma(vec4<f32>(w[wrows.y + wk]), xv, acc1);
        acc2 = fma(vec4<f32>(w[wrows.z + wk]), xv, acc2);
        acc3 = fma(vec4<f32>(w[wrows.w + wk]), xv, acc3);
        wk++;
      }
    }
  }

  let accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  let out_plane = p.out_h * p.out_w;
  for (var i = 0u; i < 4u; i++) {
    let co = co0 + i;
    if (co >= p.c_out) {
      break;
    }
    var b = 0.0;
    if (p.has_bias != 0u) {
      b = bias[co];
    }
    let row = (n * p.c_out + co) * out_plane + oy * p.out_w;
    for (var j = 0u; j < 4u; j++) {
      if (ox0 + j < p.out_w) {
        var v = accs[i][j] + b;
        if (p.relu != 0u) {
          v = max(v, 0.0);
        }
        y[row + ox0 + j] = v;
      }
    }
  }
}
