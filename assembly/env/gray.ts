// Grey of the channel-wise maximum of two palette-index frames, by table
// lookup: the host fills the 64 KB table (entry a * 256 + b is OpenCV's
// grey of the maximum of the colours of indices a and b) and the frames.

const TABLE_SIZE: i32 = 256 * 256;
const BLOCK: i32 = 16;
const HALF: usize = 8;

let table: Uint8Array = new Uint8Array(TABLE_SIZE);
let scratch: Uint8Array = new Uint8Array(0);

/** Returns the table for the host to fill. */
export function envGrayTable(): usize {
  return table.dataStart;
}

/** Returns a scratch buffer of at least `size` bytes; the pointer stays valid until a larger request. */
export function envGrayScratch(size: i32): usize {
  if (scratch.length < size) scratch = new Uint8Array(size);
  return scratch.dataStart;
}

/**
 * Writes the grey of the maximum of the frames at `first` and `second`
 * (`pixels` palette indices each, rows of `width`) to `out`, which must
 * not overlap them. The frames may be the same.
 *
 * Atari screens repeat blocks of pixels along a row and from one row to
 * the next. So a block whose indices in both frames equal those of the
 * block before it, or of the block above it, copies that block's output
 * instead of doing the lookups. Blocks are 16 pixels, compared with 128-bit
 * SIMD, and a 16-pixel block that matches neither tries the same with its
 * two 8-pixel halves.
 */
export function envGrayOfMax(first: usize, second: usize, out: usize, pixels: i32, width: i32): void {
  if (width % BLOCK != 0 || pixels % width != 0) {
    grayOfMaxScalar(first, second, out, pixels);
    return;
  }
  const lookup = table.dataStart;
  const stride = <usize>width;
  // The block "before" the first one is all index 0 in both frames, and its
  // output is the grey of index 0, so the first block needs no special case.
  let beforeA = i64x2.splat(0);
  let beforeB = beforeA;
  let beforeOut = i8x16.splat(load<u8>(lookup));
  for (let p: usize = 0; p < <usize>pixels; p += BLOCK) {
    const a = v128.load(first + p);
    const b = v128.load(second + p);
    const result = grayOfBlock(lookup, first, second, out, p, stride, a, b, beforeA, beforeB, beforeOut);
    v128.store(out + p, result);
    beforeA = a;
    beforeB = b;
    beforeOut = result;
  }
}

/**
 * Copies the frames at `nextFirst` and `nextSecond` to `first` and
 * `second` and brings `out` up to date with them. `out` must hold the grey
 * of the maximum of the frames that `first` and `second` hold before the
 * call. A 16-pixel block whose indices are the same in both old and new
 * frames keeps its output and is not written at all, which in Atari games
 * is most blocks from one step to the next. Other blocks are computed as
 * in `envGrayOfMax`.
 */
export function envGrayOfMaxUpdate(
  nextFirst: usize,
  nextSecond: usize,
  first: usize,
  second: usize,
  out: usize,
  pixels: i32,
  width: i32,
): void {
  if (width % BLOCK != 0 || pixels % width != 0) {
    memory.copy(first, nextFirst, <usize>pixels);
    memory.copy(second, nextSecond, <usize>pixels);
    grayOfMaxScalar(first, second, out, pixels);
    return;
  }
  const lookup = table.dataStart;
  const stride = <usize>width;
  for (let p: usize = 0; p < <usize>pixels; p += BLOCK) {
    const a = v128.load(nextFirst + p);
    const b = v128.load(nextSecond + p);
    if (!differ(a, b, v128.load(first + p), v128.load(second + p))) continue;
    v128.store(first + p, a);
    v128.store(second + p, b);
    // Every block before this one already holds its new indices and output.
    let beforeA = i64x2.splat(0);
    let beforeB = beforeA;
    let beforeOut = i8x16.splat(load<u8>(lookup));
    if (p > 0) {
      beforeA = v128.load(first + p - BLOCK);
      beforeB = v128.load(second + p - BLOCK);
      beforeOut = v128.load(out + p - BLOCK);
    }
    v128.store(out + p, grayOfBlock(lookup, first, second, out, p, stride, a, b, beforeA, beforeB, beforeOut));
  }
}

/**
 * Returns the output of the block at `p` (indices `a` and `b`): that of the
 * block before it or above it when their indices match, else computed per
 * 8-pixel half.
 */
@inline
function grayOfBlock(
  lookup: usize,
  first: usize,
  second: usize,
  out: usize,
  p: usize,
  stride: usize,
  a: v128,
  b: v128,
  beforeA: v128,
  beforeB: v128,
  beforeOut: v128,
): v128 {
  if (!differ(a, b, beforeA, beforeB)) return beforeOut;
  if (p >= stride && !differ(a, b, v128.load(first + p - stride), v128.load(second + p - stride))) {
    return v128.load(out + p - stride);
  }
  return grayOfHalves(lookup, first, second, out, p, stride, a, b, beforeA, beforeB, beforeOut);
}

/** Returns whether block `a`, `b` differs from block `c`, `d` in any byte. */
@inline
function differ(a: v128, b: v128, c: v128, d: v128): bool {
  return v128.any_true(v128.or(v128.xor(a, c), v128.xor(b, d)));
}

/**
 * Returns the output of the block at `p` (indices `a` and `b`), computed
 * per 8-pixel half. A half copies the half before it or above it when its
 * indices match, and is looked up otherwise.
 */
@inline
function grayOfHalves(
  lookup: usize,
  first: usize,
  second: usize,
  out: usize,
  p: usize,
  stride: usize,
  a: v128,
  b: v128,
  beforeA: v128,
  beforeB: v128,
  beforeOut: v128,
): v128 {
  const lowA = i64x2.extract_lane(a, 0);
  const lowB = i64x2.extract_lane(b, 0);
  const highA = i64x2.extract_lane(a, 1);
  const highB = i64x2.extract_lane(b, 1);
  let low: u64;
  if (lowA == i64x2.extract_lane(beforeA, 1) && lowB == i64x2.extract_lane(beforeB, 1)) {
    low = i64x2.extract_lane(beforeOut, 1);
  } else if (p >= stride && lowA == load<u64>(first + p - stride) && lowB == load<u64>(second + p - stride)) {
    low = load<u64>(out + p - stride);
  } else {
    low = lookupHalf(lookup, lowA, lowB);
  }
  let high: u64;
  const q = p + HALF;
  if (highA == lowA && highB == lowB) {
    high = low;
  } else if (q >= stride && highA == load<u64>(first + q - stride) && highB == load<u64>(second + q - stride)) {
    high = load<u64>(out + q - stride);
  } else {
    high = lookupHalf(lookup, highA, highB);
  }
  return i64x2.replace_lane(i64x2.splat(low), 1, high);
}

/** Looks up the grey of 8 pixel pairs, byte i of `a` and `b` giving byte i of the result. */
@inline
function lookupHalf(lookup: usize, a: u64, b: u64): u64 {
  let result: u64 = 0;
  for (let shift: u64 = 0; shift < 64; shift += 8) {
    const index = (((a >> shift) & 0xff) << 8) | ((b >> shift) & 0xff);
    result |= <u64>load<u8>(lookup + <usize>index) << shift;
  }
  return result;
}

function grayOfMaxScalar(first: usize, second: usize, out: usize, pixels: i32): void {
  const lookup = table.dataStart;
  for (let p: usize = 0; p < <usize>pixels; p++) {
    const a = <usize>load<u8>(first + p);
    const b = <usize>load<u8>(second + p);
    store<u8>(out + p, load<u8>(lookup + ((a << 8) | b)));
  }
}
