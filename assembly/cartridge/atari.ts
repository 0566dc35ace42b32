// Atari's 4 KB bank-switching schemes: F8 (8K), F6 (16K) and F4 (32K) select
// bank n by reading or writing hotspot $1FF8-n.. in the window's last bytes,
// and CBS's FA (12K, "FASC" in ALE) uses $1FF8-$1FFA. The Superchip variants
// (F8SC, F6SC, F4SC) add 128 bytes of RAM written at $1000-$107F and read at
// $1080-$10FF; FASC has 256 bytes written at $1000-$10FF and read at
// $1100-$11FF. Reading a write port returns the ROM byte underneath, and a
// write to a read port is lost, as in Stella 2.4.2.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const BANK_SIZE: i32 = 0x1000;
const HOTSPOT_SLICE: u32 = 0xf80;

export class CartridgeAtari extends Cartridge {
  readonly name: string;
  readonly bankCount: u32;
  readonly firstHotspot: u32;
  readonly startBank: i32;

  /**
   * Creates a cartridge of `bankCount` 4 KB banks whose hotspots start at
   * window offset `firstHotspot`, with `ramSize` bytes of extra RAM (0, 128
   * or 256), starting in `startBank` after a reset.
   */
  constructor(
    bus: Bus,
    random: Mt19937,
    rom: Uint8Array,
    name: string,
    firstHotspot: u32,
    ramSize: i32,
    startBank: i32,
  ) {
    super(bus, random, rom, ramSize);
    this.name = name;
    this.bankCount = <u32>(rom.length / BANK_SIZE);
    this.firstHotspot = firstHotspot;
    this.startBank = startBank;
    this.trap(HOTSPOT_SLICE, 0x80);
  }

  get scheme(): string {
    return this.name;
  }

  read(address: u32): u32 {
    this.switchOnHotspot(this.windowOffset(address));
    return this.readMapped(address);
  }

  write(address: u32, value: u32): void {
    const offset = this.windowOffset(address);
    if (<i32>offset < this.ramSize) {
      this.writeRam(<i32>offset, value);
      return;
    }
    this.switchOnHotspot(offset);
  }

  protected resetBanks(): void {
    this.banks[0] = this.startBank;
  }

  protected wrapBanks(): void {
    this.banks[0] = this.wrap(this.banks[0], <i32>this.bankCount);
  }

  protected remap(): void {
    this.map(0, 0x1000, this.banks[0] * BANK_SIZE);
    const ramSize = <u32>this.ramSize;
    if (ramSize > 0) this.map(ramSize, ramSize, this.romSize);
  }

  @inline
  private switchOnHotspot(offset: u32): void {
    const bank = offset - this.firstHotspot;
    if (bank < this.bankCount && <i32>bank != this.banks[0]) {
      this.banks[0] = <i32>bank;
      this.remap();
    }
  }
}
