// Activision's FE (8K). Stella 2.4.2 picks the bank from address line A13 of
// the CPU's 16-bit address: code running at $Dxxx (A13 = 0) reads the second
// 4 KB of the image, code at $Fxxx (A13 = 1) the first. Games switch by
// JSR/RTS between the two address ranges. Writes are ignored.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const A13: u32 = 0x2000;
const BANK_SIZE: i32 = 0x1000;

export class CartridgeFE extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
    this.trap(0, 0x1000);
  }

  get scheme(): string {
    return "FE";
  }

  read(address: u32): u32 {
    const bank = address & A13 ? 0 : BANK_SIZE;
    return this.memory[bank + <i32>this.windowOffset(address)];
  }

  protected remap(): void {
    this.map(0, 0x1000, 0);
  }
}
