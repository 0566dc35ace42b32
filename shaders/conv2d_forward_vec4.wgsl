// 2-D convolution, stride s, no padding, bias and ReLU fused (the contract
// of conv2d_forward.wgsl), for C_in * KH * KW a multiple of 4: weights are
// read as vec4 along the flattened taps k = (ci * KH + ky) * KW + kx.
//
// Tiling: register blocking without workgroup memory, for CPU adapters.
// Each invocation computes 4 output channels x 4 neighbouring output
// columns of one output row. Per group of 4 taps it loads one vec4 of
// weights per channel and 4 input pixels per tap, 20 loads for 64
// multiply-adds (the scalar kernel needs 32). The tap counters (kx, ky,
// ci) advance without division. The workgroup is WG_X x WG_Y: x runs over
// (image, output row, column block), y over blocks of 4 output channels.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, has_bias: u32, relu: u32,
}

override WG_X: u32 = 64u;
override WG_Y: u32 = 1u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<vec4<f32>>;
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
  let taps4 = p.c_in * p.kh * p.kw / 4u;
  let last_co = p.c_out - 1u;
  let wrows = vec4<u32>(
    min(co0, last_co), min(co0 + 1u, last_co),
    min(co0 + 2u, last_co), min(co0 + 3u, last_co)) * taps4;

  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let plane = p.height * p.width;
  // Offset of tap (ci, ky, kx) in the input, advanced tap by tap.
  let origin = n * p.c_in * plane + oy * p.stride * p.width;
  var offset = origin;
  var kx = 0u;
  var ky = 0u;
  for (var k4 = 0u; k4 < taps4; k4++) {
    var xt: array<vec4<f32>, 4>;
    for (var t = 0u; t < 4u; t++) {
      xt[t] = vec4<f32>(x[offset + cols.x], x[offset + cols.y], x[offset + cols.z], x[offset + cols.w]);
      offset++;
      kx++;
      if (kx == p.kw) {
        kx = 0u;
        offset += p.width - p.kw;
        ky++;
        if (ky == p.kh) {
          ky = 0u;
          offset += plane - p.kh * p.width;
        }
      }
    }
    let w0 = w[wrows.x + k4];
    let w1 = w[wrows.y + k4];
    let w2 = w[wrows.z + k4];
    let w3 = w[wrows.w + k4];
    let xm = mat4x4<f32>(xt[0], xt[1], xt[2], xt[3]);
    acc0 += xm * w0;
    acc1 += xm * w1;
    acc2 += xm * w2;
    acc3 += xm * w3;
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
