// Index of the largest value in each row of a [rows, cols] matrix; ties go
// to the lowest index and NaN entries are skipped (a row of NaN gives 0).
// One invocation per row on a 1-D grid of WG invocations per workgroup,
// folded into two dispatch dimensions; rows are short (class scores).

struct Params {
  rows: u32, cols: u32, pad0: u32, pad1: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;

// NaN test on the bits: compilers may fold the usual x != x to false.
fn is_nan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

@compute @workgroup_size(WG, 1, 1)
fn main(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
) {
  let row = gid.x + gid.y * groups.x * WG;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  var best = 0u;
  var best_value = x[base];
  for (var j = 1u; j < p.cols; j++) {
    let v = x[base + j];
    // The second test replaces a NaN held in best_value by any number.
    if (v > best_value || (is_nan(best_value) && !is_nan(v))) {
      best = j;
      best_value = v;
    }
  }
  out[row] = best;
}
