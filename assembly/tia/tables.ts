// Lookup tables for the TIA renderer. They are filled once when the module
// is instantiated and never written afterwards, so every console shares them.

// Object bits of a pixel's "enabled set", in the order the priority and
// collision tables index them.
export const P0_BIT: i32 = 0b00_0001;
export const M0_BIT: i32 = 0b00_0010;
export const P1_BIT: i32 = 0b00_0100;
export const M1_BIT: i32 = 0b00_1000;
export const BL_BIT: i32 = 0b01_0000;
export const PF_BIT: i32 = 0b10_0000;
// CTRLPF bits 1 (score) and 2 (priority), shifted next to the object bits.
export const SCORE_BIT: i32 = 0b0100_0000;
export const PRIORITY_BIT: i32 = 0b1000_0000;

// Colour register indices returned by the priority encoder.
export const COLOR_BK: u8 = 0;
export const COLOR_PF: u8 = 1;
export const COLOR_P0: u8 = 2;
export const COLOR_P1: u8 = 3;

/** Bit-reversed bytes: GRPx as seen with REFPx set. */
export const REVERSE_BYTE = new StaticArray<u8>(256);

/** Each bit of a byte widened to 2 bits (double-size players). */
export const WIDEN2 = new StaticArray<u32>(256);

/** Each bit of a byte widened to 4 bits (quad-size players, playfield). */
export const WIDEN4 = new StaticArray<u32>(256);

/**
 * Colour register (COLOR_*) of a pixel, indexed by
 * half * 256 + (enabled set | SCORE_BIT | PRIORITY_BIT), where half is 0
 * for pixels 0-79 and 1 for pixels 80-159. Stella's rule, pixel by pixel;
 * the renderer applies it to 64 pixels at once, and tests check the two
 * agree.
 */
export const PRIORITY_ENCODER = new StaticArray<u8>(512);

/** Collision latch bits set by a pixel, indexed by its enabled set. */
export const COLLISION_TABLE = new StaticArray<u16>(64);

/**
 * Pixel offsets of the copies drawn for NUSIZ modes 0-7, three slots per
 * mode, -1 for an unused slot. Modes 5 and 7 (double and quad player) have
 * one copy.
 */
export const COPY_OFFSETS: StaticArray<i32> = [
  0, -1, -1,
  0, 16, -1,
  0, 32, -1,
  0, 16, 32,
  0, 64, -1,
  0, -1, -1,
  0, 32, 64,
  0, -1, -1,
];

/**
 * Position change applied by HMOVE, indexed by (CPU cycle of the write within
 * the line) * 16 + (HMxx >> 4). Built by buildMotionTable.
 */
export const MOTION_TABLE = new StaticArray<i8>(76 * 16);

// Lower limit of the motion for HMOVE written in cycles 0-20 of a line: a late
// write leaves too few motion clocks for large left moves, and the object
// moves right instead, as measured on hardware by the Stella authors.
const EARLY_MOTION_FLOOR: StaticArray<i8> = [
  -7, -7, -7, -7, -6, -5, -5, -4, -3, -2, -2, -1, 0, 1, 1, 2, 3, 4, 4, 5, 6,
];

// For HMOVE written in cycles 55-74 the motion clocks overlap the visible
// part of the line: the object moves by min(0, offset + normal motion).
const LATE_MOTION_OFFSET: StaticArray<i8> = [
  6, 5, 4, 4, 3, 2, 1, 1, 0, -1, -2, -2, -3, -4, -5, -5, -6, -7, -8, -8,
];
const LATE_MOTION_FIRST_CYCLE: i32 = 55;

/** True for the CPU cycles of the line where HMOVE blanks pixels 0-7. */
export const HMOVE_BLANK_CYCLES = new StaticArray<bool>(76);

/**
 * Poke delay in colour clocks per write register; -1 marks PF0-PF2, whose
 * delay depends on the cycle of the write (PLAYFIELD_DELAY).
 */
export const WRITE_DELAY: StaticArray<i8> = [
  0, 1, 0, 0, 8, 8, 0, 0, 0, 0, 0, 1, 1, -1, -1, -1,
  0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/** Playfield write delay, indexed by (CPU cycle within the line) & 3. */
export const PLAYFIELD_DELAY: StaticArray<i8> = [4, 5, 2, 3];

// Motion of HMxx value v when HMOVE is written in HBLANK: 0-7 move left by v,
// 8-15 move right by 16 - v.
function fullMotion(value: i32): i32 {
  return value < 8 ? -value : 16 - value;
}

function buildMotionTable(): void {
  for (let cycle = 0; cycle < 76; cycle++) {
    for (let value = 0; value < 16; value++) {
      const full = fullMotion(value);
      let motion = 0;
      if (cycle < EARLY_MOTION_FLOOR.length) {
        motion = max(full, <i32>EARLY_MOTION_FLOOR[cycle]);
      } else if (cycle == 75) {
        motion = full;
      } else if (cycle >= LATE_MOTION_FIRST_CYCLE) {
        const offset = <i32>LATE_MOTION_OFFSET[cycle - LATE_MOTION_FIRST_CYCLE];
        motion = min(0, offset + full);
      }
      MOTION_TABLE[cycle * 16 + value] = <i8>motion;
    }
    HMOVE_BLANK_CYCLES[cycle] = cycle <= 20 || cycle == 75;
  }
}

function buildBitTables(): void {
  for (let i = 0; i < 256; i++) {
    let reversed: u32 = 0;
    let wide2: u32 = 0;
    let wide4: u32 = 0;
    for (let bit = 0; bit < 8; bit++) {
      if ((i >> bit) & 1) {
        reversed |= 0x80 >> bit;
        wide2 |= <u32>0b11 << (bit * 2);
        wide4 |= <u32>0b1111 << (bit * 4);
      }
    }
    REVERSE_BYTE[i] = <u8>reversed;
    WIDEN2[i] = wide2;
    WIDEN4[i] = wide4;
  }
}

// Stella's encoder. Without priority, players and missiles cover the ball and
// playfield. In score mode the playfield takes the colour of player 0 (left
// half) or player 1 (right half), and on the left half it then also covers
// player 1. With priority, playfield and ball cover everything.
function encodeColor(half: i32, set: i32): u8 {
  let color = COLOR_BK;
  if (set & PRIORITY_BIT) {
    if (set & (P1_BIT | M1_BIT)) color = COLOR_P1;
    if (set & (P0_BIT | M0_BIT)) color = COLOR_P0;
    if (set & (BL_BIT | PF_BIT)) color = COLOR_PF;
    return color;
  }
  if (set & BL_BIT) color = COLOR_PF;
  if (set & PF_BIT) {
    if (!(set & SCORE_BIT)) color = COLOR_PF;
    else if (half == 0) color = COLOR_P0;
    else color = COLOR_P1;
  }
  if (set & (P1_BIT | M1_BIT)) color = color != COLOR_P0 ? COLOR_P1 : COLOR_P0;
  if (set & (P0_BIT | M0_BIT)) color = COLOR_P0;
  return color;
}

// Collision latch layout as the read registers expose it: CXM0P bits 7/6 are
// latch bits 0/1, CXM1P 2/3, CXP0FB 4/5, CXP1FB 6/7, CXM0FB 8/9, CXM1FB 10/11,
// CXBLPF 12, CXPPMM 13/14.
const COLLISION_PAIRS: StaticArray<i32> = [
  M0_BIT | P1_BIT, M0_BIT | P0_BIT, M1_BIT | P0_BIT, M1_BIT | P1_BIT,
  P0_BIT | PF_BIT, P0_BIT | BL_BIT, P1_BIT | PF_BIT, P1_BIT | BL_BIT,
  M0_BIT | PF_BIT, M0_BIT | BL_BIT, M1_BIT | PF_BIT, M1_BIT | BL_BIT,
  BL_BIT | PF_BIT, P0_BIT | P1_BIT, M0_BIT | M1_BIT,
];

export const COLLISION_PAIR_COUNT: i32 = 15;

/**
 * Object slots (bit positions in the enabled set) of each collision latch
 * bit's pair: latch bit i is set when objects COLLISION_SLOT_A[i] and
 * COLLISION_SLOT_B[i] overlap.
 */
export const COLLISION_SLOT_A = new StaticArray<u8>(COLLISION_PAIR_COUNT);
export const COLLISION_SLOT_B = new StaticArray<u8>(COLLISION_PAIR_COUNT);

/** Collision latch bits whose two objects are both in an object set. */
export const CANDIDATE_PAIRS = new StaticArray<u16>(64);

function buildPixelTables(): void {
  for (let pair = 0; pair < COLLISION_PAIR_COUNT; pair++) {
    const bits = COLLISION_PAIRS[pair];
    COLLISION_SLOT_A[pair] = <u8>ctz(bits);
    COLLISION_SLOT_B[pair] = <u8>(31 - clz(bits));
  }
  for (let set = 0; set < 64; set++) {
    let pairs = 0;
    for (let pair = 0; pair < COLLISION_PAIR_COUNT; pair++) {
      const bits = COLLISION_PAIRS[pair];
      if ((set & bits) == bits) pairs |= 1 << pair;
    }
    CANDIDATE_PAIRS[set] = <u16>pairs;
  }
  for (let set = 0; set < 256; set++) {
    PRIORITY_ENCODER[set] = encodeColor(0, set);
    PRIORITY_ENCODER[256 + set] = encodeColor(1, set);
  }
  for (let set = 0; set < 64; set++) {
    let latches = 0;
    for (let pair = 0; pair < COLLISION_PAIRS.length; pair++) {
      const bits = COLLISION_PAIRS[pair];
      if ((set & bits) == bits) latches |= 1 << pair;
    }
    COLLISION_TABLE[set] = <u16>latches;
  }
}

buildMotionTable();
buildBitTables();
buildPixelTables();
