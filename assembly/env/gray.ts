// Grey of the channel-wise maximum of two palette-index frames, by table
// lookup: the host fills the 64 KB table (entry a * 256 + b is OpenCV's
// grey of the maximum of the colours of indices a and b) and the frames.

const TABLE_SIZE: i32 = 256 * 256;

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
 * Reads two frames of `pixels` indices at scratch offsets 0 and `offset`
 * (0 for a single frame) and writes their grey to scratch offset
 * 2 * pixels.
 */
export function envGrayOfMax(pixels: i32, offset: i32): void {
  const source = scratch.dataStart;
  const out = source + <usize>(2 * pixels);
  const lookup = table.dataStart;
  for (let p = 0; p < pixels; p++) {
    const a = <usize>load<u8>(source + <usize>p);
    const b = <usize>load<u8>(source + <usize>(p + offset));
    store<u8>(out + <usize>p, load<u8>(lookup + ((a << 8) | b)));
  }
}
