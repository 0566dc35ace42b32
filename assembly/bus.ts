// The 6507's view of the console: a 13-bit address bus decoded into the TIA,
// the RIOT's RAM and I/O ports, and the cartridge. Every read and write is one
// CPU cycle, and the cycle counter advances before the access so that a device
// sees the cycle of the access itself.
//
// Decode (A12, A9 and A7 of the 13-bit address; everything else mirrors):
//   A12 = 1                  cartridge   $1000-$1FFF
//   A12 = 0, A7 = 0          TIA         $0000-$007F
//   A12 = 0, A9 = 0, A7 = 1  RIOT RAM    $0080-$00FF
//   A12 = 0, A9 = 1, A7 = 1  RIOT I/O    $0280-$029F
//
// A flat mode replaces all of this with 64 KB of RAM and an optional log of
// every access, for the CPU test suites.

import { Tia } from "./tia/tia";
import { Riot } from "./riot/riot";
import { Cartridge } from "./cartridge/cartridge";

const ADDRESS_MASK: u32 = 0x1fff;
const CARTRIDGE_BIT: u32 = 0b1_0000_0000_0000;
const RIOT_BIT: u32 = 0b0_0000_1000_0000;
const RIOT_IO_BIT: u32 = 0b0_0010_0000_0000;
const RIOT_RAM_MASK: u32 = 0x7f;

/** Direction codes in the flat mode's access log. */
export const ACCESS_READ: u32 = 0;
export const ACCESS_WRITE: u32 = 1;

/** Accesses the log keeps; one instruction makes at most 8. */
export const ACCESS_LOG_CAPACITY: i32 = 64;

export class Bus {
  /** CPU cycles since power-on; one per bus access. */
  cycles: u64 = 0;
  /** Last value driven on the data bus (read or written). */
  dataBus: u32 = 0;

  // Set by the machine after it has built the chips. In flat mode they stay
  // null and are never used.
  tia: Tia = changetype<Tia>(0);
  riot: Riot = changetype<Riot>(0);
  cartridge: Cartridge = changetype<Cartridge>(0);

  readonly flat: bool;
  flatRam: StaticArray<u8>;
  logEnabled: bool = false;
  // Triples (address, value, direction), logLength of them.
  log: StaticArray<u32> = new StaticArray<u32>(ACCESS_LOG_CAPACITY * 3);
  logLength: i32 = 0;

  /** Creates a console bus, or with `flat` a 64 KB RAM test bus. */
  constructor(flat: bool = false) {
    this.flat = flat;
    this.flatRam = new StaticArray<u8>(flat ? 0x10000 : 0);
  }

  /** Connects the chips; call again when a new cartridge is inserted. */
  attach(tia: Tia, riot: Riot, cartridge: Cartridge): void {
    this.tia = tia;
    this.riot = riot;
    this.cartridge = cartridge;
  }

  @inline
  read(address: u32): u32 {
    this.cycles++;
    let value: u32;
    if (this.flat) {
      value = this.readFlat(address);
    } else if (address & CARTRIDGE_BIT) {
      value = this.readCartridge(address);
    } else {
      value = this.readChips(address);
    }
    this.dataBus = value;
    return value;
  }

  @inline
  write(address: u32, value: u32): void {
    this.cycles++;
    this.dataBus = value;
    if (this.flat) {
      this.writeFlat(address, value);
    } else if (address & CARTRIDGE_BIT) {
      this.cartridge.write(address, value);
    } else {
      this.writeChips(address, value);
    }
  }

  /** Clears the access log and turns logging on or off. */
  startLog(enabled: bool): void {
    this.logEnabled = enabled;
    this.logLength = 0;
  }

  @inline
  private readCartridge(address: u32): u32 {
    const cartridge = this.cartridge;
    const offset = unchecked(cartridge.readOffset[(address >> 7) & 31]);
    if (offset >= 0) {
      return unchecked(cartridge.memory[offset + <i32>(address & 0x7f)]);
    }
    return cartridge.read(address);
  }

  private readChips(address: u32): u32 {
    const cartridge = this.cartridge;
    if (cartridge.snoopsChipAccesses) cartridge.snoopRead(address);
    if (!(address & RIOT_BIT)) return this.tia.read(address & ADDRESS_MASK);
    const riot = this.riot;
    if (!(address & RIOT_IO_BIT)) {
      return unchecked(riot.ram[address & RIOT_RAM_MASK]);
    }
    return riot.read(address & ADDRESS_MASK);
  }

  private writeChips(address: u32, value: u32): void {
    const cartridge = this.cartridge;
    if (cartridge.snoopsChipAccesses) cartridge.snoopWrite(address, value);
    if (!(address & RIOT_BIT)) {
      this.tia.write(address & ADDRESS_MASK, value);
      return;
    }
    const riot = this.riot;
    if (!(address & RIOT_IO_BIT)) {
      unchecked((riot.ram[address & RIOT_RAM_MASK] = <u8>value));
      return;
    }
    riot.write(address & ADDRESS_MASK, value);
  }

  private readFlat(address: u32): u32 {
    const value = <u32>this.flatRam[address & 0xffff];
    if (this.logEnabled) this.record(address, value, ACCESS_READ);
    return value;
  }

  private writeFlat(address: u32, value: u32): void {
    this.flatRam[address & 0xffff] = <u8>value;
    if (this.logEnabled) this.record(address, value, ACCESS_WRITE);
  }

  private record(address: u32, value: u32, direction: u32): void {
    const index = this.logLength;
    if (index >= ACCESS_LOG_CAPACITY) return;
    this.log[index * 3] = address & 0xffff;
    this.log[index * 3 + 1] = value;
    this.log[index * 3 + 2] = direction;
    this.logLength = index + 1;
  }
}
