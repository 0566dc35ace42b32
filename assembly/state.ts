// Byte-level snapshots of a console. Each chip writes its fields in a fixed
// order with StateWriter and reads them back in that order with StateReader.
// The layout has no tags, so writer and reader must match.

const INITIAL_CAPACITY: i32 = 4096;

export class StateWriter {
  bytes: Uint8Array = new Uint8Array(INITIAL_CAPACITY);
  length: i32 = 0;

  private reserve(count: i32): void {
    const needed = this.length + count;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length << 1;
    while (capacity < needed) capacity <<= 1;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  u8(value: u32): void {
    this.reserve(1);
    this.bytes[this.length++] = <u8>value;
  }

  bool(value: bool): void {
    this.u8(value ? 1 : 0);
  }

  u32(value: u32): void {
    this.reserve(4);
    store<u32>(this.bytes.dataStart + <usize>this.length, value);
    this.length += 4;
  }

  i32(value: i32): void {
    this.u32(<u32>value);
  }

  u64(value: u64): void {
    this.reserve(8);
    store<u64>(this.bytes.dataStart + <usize>this.length, value);
    this.length += 8;
  }

  f64(value: f64): void {
    this.u64(reinterpret<u64>(value));
  }

  /** Reserves `count` bytes and returns their address, for saveState(p). */
  block(count: i32): usize {
    this.reserve(count);
    const pointer = this.bytes.dataStart + <usize>this.length;
    this.length += count;
    return pointer;
  }

  /** Writes `count` raw bytes starting at `pointer`. */
  raw(pointer: usize, count: i32): void {
    this.reserve(count);
    memory.copy(this.bytes.dataStart + <usize>this.length, pointer, count);
    this.length += count;
  }

  staticU8(values: StaticArray<u8>): void {
    this.raw(changetype<usize>(values), values.length);
  }

  staticU32(values: StaticArray<u32>): void {
    this.raw(changetype<usize>(values), values.length << 2);
  }

  staticI32(values: StaticArray<i32>): void {
    this.raw(changetype<usize>(values), values.length << 2);
  }

  uint8Array(values: Uint8Array): void {
    this.raw(values.dataStart, values.length);
  }

  /** Returns the written bytes as a new array. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export class StateReader {
  bytes: Uint8Array;
  offset: i32 = 0;
  /** Set when a read ran past the end; later reads return zeros. */
  overrun: bool = false;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  private take(count: i32): bool {
    if (this.overrun || this.offset + count > this.bytes.length) {
      this.overrun = true;
      return false;
    }
    return true;
  }

  u8(): u32 {
    if (!this.take(1)) return 0;
    return this.bytes[this.offset++];
  }

  bool(): bool {
    return this.u8() != 0;
  }

  u32(): u32 {
    if (!this.take(4)) return 0;
    const value = load<u32>(this.bytes.dataStart + <usize>this.offset);
    this.offset += 4;
    return value;
  }

  i32(): i32 {
    return <i32>this.u32();
  }

  u64(): u64 {
    if (!this.take(8)) return 0;
    const value = load<u64>(this.bytes.dataStart + <usize>this.offset);
    this.offset += 8;
    return value;
  }

  f64(): f64 {
    return reinterpret<f64>(this.u64());
  }

  /**
   * Returns the address of the next `count` bytes, for loadState(p), or 0
   * when fewer remain.
   */
  block(count: i32): usize {
    if (!this.take(count)) return 0;
    const pointer = this.bytes.dataStart + <usize>this.offset;
    this.offset += count;
    return pointer;
  }

  /** Reads `count` raw bytes into memory at `pointer`. */
  raw(pointer: usize, count: i32): void {
    if (!this.take(count)) return;
    memory.copy(pointer, this.bytes.dataStart + <usize>this.offset, count);
    this.offset += count;
  }

  staticU8(values: StaticArray<u8>): void {
    this.raw(changetype<usize>(values), values.length);
  }

  staticU32(values: StaticArray<u32>): void {
    this.raw(changetype<usize>(values), values.length << 2);
  }

  staticI32(values: StaticArray<i32>): void {
    this.raw(changetype<usize>(values), values.length << 2);
  }

  uint8Array(values: Uint8Array): void {
    this.raw(values.dataStart, values.length);
  }

  /** Returns whether every byte was read and none was missing. */
  complete(): bool {
    return !this.overrun && this.offset == this.bytes.length;
  }
}
