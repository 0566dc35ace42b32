// Cartridges without bank switching: 2K (mirrored twice in the window) and
// 4K.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

export class Cartridge2K extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
  }

  get scheme(): string {
    return "2K";
  }

  protected remap(): void {
    this.map(0x000, 0x800, 0);
    this.map(0x800, 0x800, 0);
  }
}

export class Cartridge4K extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
  }

  get scheme(): string {
    return "4K";
  }

  protected remap(): void {
    this.map(0x000, 0x1000, 0);
  }
}
