// Grey of the channel-wise maximum of two palette-index frames, by table
// lookup: the host fills the 64 KB table (entry a * 256 + b is OpenCV's
// grey of the maximum of the colours of indices a and b) and the frames.

const TABLE_SIZE: i32 = 256 * 256;
const BLOCK: i32 = 8;

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
 * Atari screens repeat 8-pixel blocks along a row and from one row to the
 * next, so a block whose indices in both frames equal those of the block
 * before it, or of the block above it, copies that block's output instead
 * of doing eight lookups.
 */
export function envGrayOfMax(first: usize, second: usize, out: usize, pixels: i32, width: i32): void {
  if (width % BLOCK != 0 || pixels % width != 0) {
    grayOfMaxScalar(first, second, out, pixels);
    return;
  }
  const lookup = table.dataStart;
  const stride = <usize>width;
  // The block "before" the first one is all index 0 in both frames, whose
  // output is the grey of index 0: correct, so no first-block special case.
  let beforeA: u64 = 0;
  let beforeB: u64 = 0;
  let beforeOut: u64 = <u64>load<u8>(lookup) * 0x0101010101010101;
  for (let p: usize = 0; p < <usize>pixels; p += BLOCK) {
    const a = load<u64>(first + p);
    const b = load<u64>(second + p);
    let result: u64;
    if (a == beforeA && b == beforeB) {
      result = beforeOut;
    } else if (p >= stride && a == load<u64>(first + p - stride) && b == load<u64>(second + p - stride)) {
      result = load<u64>(out + p - stride);
    } else {
      result = lookupBlock(lookup, a, b);
    }
    store<u64>(out + p, result);
    beforeA = a;
    beforeB = b;
    beforeOut = result;
  }
}

/** Looks up the grey of 8 pixel pairs, byte i of `a` and `b` giving byte i of the result. */
@inline
function lookupBlock(lookup: usize, a: u64, b: u64): u64 {
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
