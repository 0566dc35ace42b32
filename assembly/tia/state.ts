// Byte-block snapshots of the TIA: one cursor type walks the state in the
// same field order for saving, loading and measuring.

export const STATE_SAVE: i32 = 0;
export const STATE_LOAD: i32 = 1;
export const STATE_MEASURE: i32 = 2;

// Walks a state block, storing fields (STATE_SAVE), loading them
// (STATE_LOAD) or only counting bytes (STATE_MEASURE). Every field takes
// 4 bytes, or 8 for u64, so offsets stay aligned.
export class StateCursor {
  pointer: usize;
  mode: i32;

  constructor(pointer: usize, mode: i32) {
    this.pointer = pointer;
    this.mode = mode;
  }

  word(value: u32): u32 {
    const p = this.pointer;
    this.pointer = p + 4;
    if (this.mode == STATE_LOAD) return load<u32>(p);
    if (this.mode == STATE_SAVE) store<u32>(p, value);
    return value;
  }

  int(value: i32): i32 {
    return <i32>this.word(<u32>value);
  }

  flag(value: bool): bool {
    return this.word(value ? 1 : 0) != 0;
  }

  wide(value: u64): u64 {
    const p = this.pointer;
    this.pointer = p + 8;
    if (this.mode == STATE_LOAD) return load<u64>(p);
    if (this.mode == STATE_SAVE) store<u64>(p, value);
    return value;
  }

  bytes(address: usize, count: i32): void {
    if (this.mode == STATE_SAVE) memory.copy(this.pointer, address, <usize>count);
    if (this.mode == STATE_LOAD) memory.copy(address, this.pointer, <usize>count);
    this.pointer += <usize>count;
  }
}
