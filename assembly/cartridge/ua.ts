// UA Limited's UA (8K): any access to $0220 selects bank 0 and to $0240
// bank 1 (the TIA still sees the access). Bank 0 after a reset.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";

const ADDRESS_MASK: u32 = 0x1fff;
const BANK_0_HOTSPOT: u32 = 0x220;
const BANK_1_HOTSPOT: u32 = 0x240;

export class CartridgeUA extends Cartridge {
  constructor(bus: Bus, random: Mt19937, rom: Uint8Array) {
    super(bus, random, rom, 0);
    this.snoopsChipAccesses = true;
  }

  get scheme(): string {
    return "UA";
  }

  snoopRead(address: u32): void {
    this.switchOnHotspot(address & ADDRESS_MASK);
  }

  snoopWrite(address: u32, value: u32): void {
    this.switchOnHotspot(address & ADDRESS_MASK);
  }

  protected resetBanks(): void {
    this.banks[0] = 0;
  }

  protected wrapBanks(): void {
    this.banks[0] = this.banks[0] & 1;
  }

  protected remap(): void {
    this.map(0, 0x1000, this.banks[0] * 0x1000);
  }

  private switchOnHotspot(address: u32): void {
    if (address == BANK_0_HOTSPOT) {
      this.banks[0] = 0;
      this.remap();
    } else if (address == BANK_1_HOTSPOT) {
      this.banks[0] = 1;
      this.remap();
    }
  }
}
