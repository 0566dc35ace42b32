// Small pure helpers of the TIA: collision bit reads, RESPx phases, object
// positions, bit ranges and byte fills.

import { COPY_OFFSETS, REVERSE_BYTE, WIDEN4 } from "./tables";

// Visible pixels per line, as SCREEN_WIDTH in tia.ts.
const SCREEN_WIDTH: i32 = 160;

// Latch bits `high` and `low` of the collision register as read bits 7, 6.
@inline
export function latchBits(latches: u32, high: i32, low: i32): u32 {
  return (((latches >> <u32>high) & 1) << 7) | (((latches >> <u32>low) & 1) << 6);
}

// Classifies where a RESPx write lands relative to the player's old copies:
// 1 inside a drawn copy, -1 in the 4 clocks before a copy starts, 0
// elsewhere. This is Stella's model of when the new position takes effect.
export function resetPhase(mode: i32, oldX: i32, newX: i32): i32 {
  const distance = (newX - oldX + SCREEN_WIDTH) % SCREEN_WIDTH;
  let width = 8;
  if (mode == 5) width = 16;
  else if (mode == 7) width = 32;
  for (let copy = 0; copy < 3; copy++) {
    const offset = unchecked(COPY_OFFSETS[mode * 3 + copy]);
    if (offset < 0) break;
    if (distance >= offset && distance < offset + 4) return -1;
    if (distance >= offset + 4 && distance < offset + 4 + width) return 1;
  }
  return 0;
}

export function playerCentre(nusiz: u32): i32 {
  const mode = nusiz & 7;
  if (mode == 5) return 8;
  if (mode == 7) return 16;
  return 4;
}

@inline
export function wrapPosition(position: i32): i32 {
  if (position >= SCREEN_WIDTH) return position - SCREEN_WIDTH;
  if (position < 0) return position + SCREEN_WIDTH;
  return position;
}

// Bits lo .. hi-1 of a 64-bit word, with lo and hi clamped to 0..64.
@inline
export function rangeBits(lo: i32, hi: i32): u64 {
  lo = max(lo, 0);
  hi = min(hi, 64);
  if (hi <= lo) return 0;
  const upper: u64 = hi == 64 ? 0xffff_ffff_ffff_ffff : (<u64>1 << <u64>hi) - 1;
  const lower: u64 = (<u64>1 << <u64>lo) - 1;
  return upper & ~lower;
}

@inline
export function widen4(blocks: u64): u64 {
  return <u64>unchecked(WIDEN4[<i32>(blocks & 0xff)]);
}

// Reverses the low 20 bits, a byte at a time.
export function reverse20(value: u64): u64 {
  const low = <u64>unchecked(REVERSE_BYTE[<i32>(value & 0xff)]) << 12;
  const middle = <u64>unchecked(REVERSE_BYTE[<i32>((value >> 8) & 0xff)]) << 4;
  const high = <u64>unchecked(REVERSE_BYTE[<i32>((value >> 16) & 0x0f)]) >> 4;
  return low | middle | high;
}

// Byte fill that avoids a memory.fill call for the short runs that dominate.
@inline
export function fillBytes(out: usize, color: u8, count: i32): void {
  const wide: u64 = <u64>color * 0x0101_0101_0101_0101;
  let n = count;
  let p = out;
  while (n >= 16) {
    store<u64>(p, wide);
    store<u64>(p, wide, 8);
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    store<u64>(p, wide);
    p += 8;
    n -= 8;
  }
  if (n >= 4) {
    store<u32>(p, <u32>wide);
    p += 4;
    n -= 4;
  }
  while (n > 0) {
    store<u8>(p, color);
    p++;
    n--;
  }
}
