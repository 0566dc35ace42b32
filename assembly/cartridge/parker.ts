// Parker Brothers' E0 (8K): the window is four 1 KB segments. Accessing
// $1FE0-$1FE7, $1FE8-$1FEF or $1FF0-$1FF7 puts bank (address & 7) in
// segment 0, 1 or 2; segment 3 always holds bank 7. After a reset segments
// 0-2 hold banks 4, 5 and 6 (Stella 2.4.2).

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const SEGMENT_SIZE: i32 = 0x400;
const FIRST_HOTSPOT: u32 = 0xfe0;
const LAST_HOTSPOT: u32 = 0xff7;

export class CartridgeE0 extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
    this.trap(0xf80, 0x80);
  }

  get scheme(): string {
    return "E0";
  }

  read(address: u32): u32 {
    this.switchOnHotspot(this.windowOffset(address));
    return this.readMapped(address);
  }

  write(address: u32, value: u32): void {
    this.switchOnHotspot(this.windowOffset(address));
  }

  protected resetBanks(): void {
    this.banks[0] = 4;
    this.banks[1] = 5;
    this.banks[2] = 6;
  }

  protected wrapBanks(): void {
    for (let segment = 0; segment < 3; segment++) {
      this.banks[segment] = this.banks[segment] & 7;
    }
  }

  protected remap(): void {
    for (let segment = 0; segment < 3; segment++) {
      const offset = <u32>(segment * SEGMENT_SIZE);
      this.map(offset, SEGMENT_SIZE, this.banks[segment] * SEGMENT_SIZE);
    }
    this.map(0xc00, SEGMENT_SIZE, 7 * SEGMENT_SIZE);
  }

  private switchOnHotspot(offset: u32): void {
    if (offset < FIRST_HOTSPOT || offset > LAST_HOTSPOT) return;
    const segment = <i32>((offset - FIRST_HOTSPOT) >> 3);
    this.banks[segment] = <i32>(offset & 7);
    this.remap();
  }
}
