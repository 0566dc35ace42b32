// CommaVid's CV: 2 KB ROM at $1800-$1FFF and 1 KB RAM, read at $1000-$13FF
// and written at $1400-$17FF. A 4 KB image carries the RAM's initial
// contents in its first 1 KB and the ROM in its last 2 KB; without it the
// RAM is filled from the random generator on every reset. Reading the write
// port returns the ROM byte at (address & $7FF), as in Stella 2.4.2.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const ROM_SIZE: i32 = 0x800;
const RAM_SIZE: i32 = 0x400;

function romPart(image: Uint8Array): Uint8Array {
  return image.subarray(image.length - ROM_SIZE);
}

export class CartridgeCV extends Cartridge {
  readonly initialRam: StaticArray<u8>;

  constructor(bus: Bus, random: Mt19937, image: Uint8Array) {
    super(bus, random, romPart(image), RAM_SIZE);
    const hasRamImage = image.length > ROM_SIZE;
    this.initialRam = new StaticArray<u8>(hasRamImage ? RAM_SIZE : 0);
    if (hasRamImage) {
      for (let i = 0; i < RAM_SIZE; i++) this.initialRam[i] = image[i];
    }
  }

  get scheme(): string {
    return "CV";
  }

  protected initializeRam(): void {
    if (this.initialRam.length == 0) {
      super.initializeRam();
      return;
    }
    for (let i = 0; i < RAM_SIZE; i++) this.writeRam(i, this.initialRam[i]);
  }

  write(address: u32, value: u32): void {
    const offset = <i32>this.windowOffset(address);
    if (offset >= 0x400 && offset < 0x800) this.writeRam(offset & 0x3ff, value);
  }

  protected remap(): void {
    this.map(0x000, 0x400, this.romSize);
    this.map(0x400, 0x400, 0x400);
    this.map(0x800, 0x800, 0);
  }
}
