// 2-D convolution, stride s, no padding, bias and ReLU fused (the contract
// of conv2d_forward.wgsl), as an implicit GEMM tiled through workgroup
// memory for GPUs: C[co, col] = W[co, k] X[k, col], where k runs over
// (ci, ky, kx) and col over (image, oy, ox). X is never stored; its
// elements are gathered from the input while the tile is loaded.
//
// Tiling: a workgroup of WG_X x WG_Y invocations computes (4 * WG_Y)
// output channels x (4 * WG_X) output pixels, each invocation a 4x4 block
// in registers. K advances TILE_K at a time through workgroup memory, with
// a barrier after loading and after multiplying.

struct Params {
  batch: u32, c_in: u32, height: u32, width: u32,
  c_out: u32, kh: u32, kw: u32, stride: u32,
  out_h: u32, out_w: u32, has_bias: u32, relu: u32,
}

override WG_X: u32 = 16u;
override WG_Y: u32 = 8u;
override TILE_K: u32 = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

var<workgroup> tile_w: array<f32, TILE_K * WG_Y * 4u>;
var<workgroup> tile_x: array<f32, TILE_K * WG_X * 4u>;

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let tile_m = WG_Y * 4u;
  let tile_n = WG_X * 4u;
  let co_base = wid.y * tile_m;
  let col_base = wid.x * tile_n;
  let threads = WG_X * WG_Y;
  let t = lid.y * WG_X + lid.x;
  let taps = p.c_in * p.kh * p.kw;
  let kernel_area = p.kh * p.kw;
  let out_plane = p.out_h * p.out_w;
  let cols_total = p.batch * out_plane;

  var acc = array<vec4<f32>, 4>();
  for (var k0 = 0u; k0 < taps; k0 += TILE_K) {
    for (var i = t; i < TILE_K * tile_m; i += threads) {
      let co = co_base + i % tile_m;
      let k = k0 + i / tile_m;
      var v = 0.0;
      if (co < p.c_out && k < taps) {
        v = w[co * taps + k];
      }
      tile_w[i] = v;
    }
    for (var i = t; i < TILE_K * tile_n; i += threads) {
      let col = col_base + i % tile_n;
      let k = k0 + i / tile_n;
      var v = 0.0;
      if (col < cols_total && k < taps) {
        let n = col / out_plane;
        let pix = col % out_plane;
        let oy = pix / p.out_w;
        let ox = pix % p.out_w;
        let ci = k / kernel_area;
        let ky = (k % kernel_area) / p.kw;
        let kx = k % p.kw;
        let iy = oy * p.stride + ky;
        let ix = ox * p.stride + kx;
        v = x[((n * p.c_in + ci) * p.height + iy) * p.width + ix];
      }
      tile_x[i] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      let wi = kk * tile_m + lid.y * 4u;
      let xi = kk * tile_n + lid.x * 4u;
      let xv = vec4<f32>(tile_x[xi], tile_x[xi + 1u], tile_x[xi + 2u], tile_x[xi + 3u]);
      acc[0] = fma(vec4<f32>(tile_w[wi]), xv, acc[0]);
      acc[1] = fma(vec4<f32>(tile_w[wi + 1u]), xv, acc[1]);
      acc[2] = fma(vec4<f32>(tile_w[wi + 2u]), xv, acc[2]);
      acc[3] = fma(vec4<f32>(tile_w[wi + 3u]), xv, acc[3]);
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let co = co_base + lid.y * 4u + i;
    if (co >= p.c_out) {
      continue;
    }
    var b = 0.0;
    if (p.has_bias != 0u) {
      b = bias[co];
    }
    for (var j = 0u; j < 4u; j++) {
      let col = col_base + lid.x * 4u + j;
      if (col < cols_total) {
        let n = col / out_plane;
        let pix = col % out_plane;
        var v = acc[i][j] + b;
        if (p.relu != 0u) {
          v = max(v, 0.0);
        }
        y[(n * p.c_out + co) * out_plane + pix] = v;
      }
    }
  }
}
