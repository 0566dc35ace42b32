// M Network's E7 (16K ROM in eight 2 KB banks, 2 KB RAM).
//   $1000-$17FF  ROM bank 0-6 selected by $1FE0-$1FE6, or with $1FE7 the
//                1 KB RAM: written at $1000-$13FF, read at $1400-$17FF
//   $1800-$18FF  write port of the 256-byte RAM bank chosen by $1FE8-$1FEB
//   $1900-$19FF  its read port
//   $1A00-$1FFF  fixed: the last 1.5 KB of the ROM
// Reading a write port returns the ROM byte of bank 7 underneath, as in
// Stella 2.4.2. After a reset bank 0 and RAM bank 0 are selected.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const ROM_BANK_SIZE: i32 = 0x800;
const RAM_BANK: i32 = 7;
const LARGE_RAM_SIZE: i32 = 0x400;
const SMALL_RAM_SIZE: i32 = 0x100;
const LAST_BANK_OFFSET: i32 = 7 * ROM_BANK_SIZE;

export class CartridgeE7 extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, LARGE_RAM_SIZE + 4 * SMALL_RAM_SIZE);
    this.trap(0xf80, 0x80);
  }

  get scheme(): string {
    return "E7";
  }

  read(address: u32): u32 {
    this.switchOnHotspot(this.windowOffset(address));
    return this.readMapped(address);
  }

  write(address: u32, value: u32): void {
    const offset = <i32>this.windowOffset(address);
    if (offset < LARGE_RAM_SIZE && this.banks[0] == RAM_BANK) {
      this.writeRam(offset, value);
    } else if (offset >= 0x800 && offset < 0x900) {
      const bank = LARGE_RAM_SIZE + this.banks[1] * SMALL_RAM_SIZE;
      this.writeRam(bank + (offset & 0xff), value);
    } else {
      this.switchOnHotspot(<u32>offset);
    }
  }

  protected resetBanks(): void {
    this.banks[0] = 0;
    this.banks[1] = 0;
  }

  protected wrapBanks(): void {
    this.banks[0] = this.banks[0] & 7;
    this.banks[1] = this.banks[1] & 3;
  }

  protected remap(): void {
    const ram = this.romSize;
    if (this.banks[0] == RAM_BANK) {
      this.map(0x000, 0x400, LAST_BANK_OFFSET);
      this.map(0x400, 0x400, ram);
    } else {
      this.map(0x000, 0x800, this.banks[0] * ROM_BANK_SIZE);
    }
    this.map(0x800, 0x800, LAST_BANK_OFFSET);
    const small = ram + LARGE_RAM_SIZE + this.banks[1] * SMALL_RAM_SIZE;
    this.map(0x900, 0x100, small);
  }

  private switchOnHotspot(offset: u32): void {
    if (offset >= 0xfe0 && offset <= 0xfe7) {
      this.banks[0] = <i32>(offset & 7);
      this.remap();
    } else if (offset >= 0xfe8 && offset <= 0xfeb) {
      this.banks[1] = <i32>(offset & 3);
      this.remap();
    }
  }
}
