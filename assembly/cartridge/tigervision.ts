// Tigervision's 3F and its RAM extension 3E. The ROM is 2 KB banks; the
// window's last 2 KB always hold the last bank. A write to $00-$3F (the TIA,
// which still sees the write) selects the bank for $1000-$17FF. A bank
// number past the end wraps modulo the bank count, as in Stella 2.4.2.
// 3E adds 32 KB of RAM in 1 KB banks: a write to $3E puts RAM bank
// (value % 32) at $1000-$17FF, read at $1000-$13FF and written at
// $1400-$17FF, and a write to $3F switches back to ROM.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const ROM_BANK_SIZE: i32 = 0x800;
const RAM_BANK_SIZE: i32 = 0x400;
const RAM_BANK_COUNT: i32 = 32;
const HOTSPOT_LIMIT: u32 = 0x3f;
const RAM_HOTSPOT: u32 = 0x3e;
const ADDRESS_MASK: u32 = 0x1fff;

export class Cartridge3F extends Cartridge {
  readonly hasRam: bool;

  constructor(bus: Bus, random: Mt19937, rom: Uint8Array, hasRam: bool) {
    super(bus, random, rom, hasRam ? RAM_BANK_SIZE * RAM_BANK_COUNT : 0);
    this.hasRam = hasRam;
    this.snoopsChipAccesses = true;
  }

  get scheme(): string {
    return this.hasRam ? "3E" : "3F";
  }

  snoopWrite(address: u32, value: u32): void {
    const register = address & ADDRESS_MASK;
    if (register > HOTSPOT_LIMIT) return;
    if (this.hasRam && register == RAM_HOTSPOT) {
      this.banks[0] = <i32>(value % <u32>RAM_BANK_COUNT);
      this.banks[1] = 1;
    } else {
      const count = <u32>(this.romSize / ROM_BANK_SIZE);
      this.banks[0] = <i32>(value < count ? value : value % count);
      this.banks[1] = 0;
    }
    this.remap();
  }

  write(address: u32, value: u32): void {
    const offset = <i32>this.windowOffset(address);
    if (this.banks[1] == 1 && offset >= 0x400 && offset < 0x800) {
      this.writeRam(this.banks[0] * RAM_BANK_SIZE + (offset & 0x3ff), value);
    }
  }

  protected resetBanks(): void {
    this.banks[0] = 0;
    this.banks[1] = 0;
  }

  protected wrapBanks(): void {
    const ramMapped = this.hasRam && this.banks[1] == 1;
    this.banks[1] = ramMapped ? 1 : 0;
    const count = ramMapped ? RAM_BANK_COUNT : this.romSize / ROM_BANK_SIZE;
    this.banks[0] = this.wrap(this.banks[0], count);
  }

  protected remap(): void {
    if (this.banks[1] == 1) {
      const ram = this.romSize + this.banks[0] * RAM_BANK_SIZE;
      this.map(0x000, 0x400, ram);
      this.map(0x400, 0x400, ram);
    } else {
      this.map(0x000, 0x800, this.banks[0] * ROM_BANK_SIZE);
    }
    this.map(0x800, 0x800, this.romSize - ROM_BANK_SIZE);
  }
}
