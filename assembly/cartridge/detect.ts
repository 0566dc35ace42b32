// Bank-switching scheme detection and cartridge construction. detectScheme()
// makes the same size-and-signature guess as ALE 0.12.1 (Stella 2.4.2's
// autodetection), so a ROM gets the scheme ALE would give it.

import { Bus } from "../bus";
import { Mt19937 } from "../random";
import { Cartridge } from "./cartridge";
import { Cartridge2K, Cartridge4K } from "./basic";
import { CartridgeAtari } from "./atari";
import { CartridgeE0 } from "./parker";
import { CartridgeE7 } from "./mnetwork";
import { Cartridge3F } from "./tigervision";
import { CartridgeFE } from "./activision";
import { CartridgeUA } from "./ua";
import { CartridgeCV } from "./commavid";
import { CartridgeDPC } from "./dpc";

const K: i32 = 1024;
const SUPERCHARGER_LOAD_SIZE: i32 = 8448;

/** Schemes this emulator implements, by ALE's names. */
export const SUPPORTED_SCHEMES: string[] = [
  "2K", "4K", "F8", "F8 swapped", "F8SC", "F6", "F6SC", "F4", "F4SC", "FASC",
  "E0", "E7", "3E", "3F", "FE", "UA", "CV", "DPC",
];

/**
 * Counts occurrences of `signature` in `rom` and returns whether there are
 * at least `minHits`. Like Stella, the scan stops one byte short of the end
 * and skips one byte past each match.
 */
function hasSignature(
  rom: Uint8Array,
  signature: StaticArray<u8>,
  minHits: i32,
): bool {
  const length = signature.length;
  let count = 0;
  for (let i = 0; i < rom.length - length; i++) {
    let matches = 0;
    while (matches < length && rom[i + matches] == signature[matches]) {
      matches++;
    }
    if (matches == length) {
      count++;
      i += length;
    }
    if (count >= minHits) break;
  }
  return count >= minHits;
}

function sameBytes(rom: Uint8Array, a: i32, b: i32, length: i32): bool {
  for (let i = 0; i < length; i++) {
    if (rom[a + i] != rom[b + i]) return false;
  }
  return true;
}

/** Superchip: the first 256 bytes of every 4 KB bank are one repeated value. */
function isProbablySC(rom: Uint8Array): bool {
  const banks = rom.length / 4096;
  for (let bank = 0; bank < banks; bank++) {
    const start = bank * 4096;
    const first = rom[start];
    for (let i = 0; i < 256; i++) {
      if (rom[start + i] != first) return false;
    }
  }
  return true;
}

function isProbably3F(rom: Uint8Array): bool {
  return hasSignature(rom, [0x85, 0x3f], 2); // STA $3F, twice
}

function isProbably3E(rom: Uint8Array): bool {
  return hasSignature(rom, [0x85, 0x3e, 0xa9, 0x00], 1); // STA $3E; LDA #0
}

function isProbablyE0(rom: Uint8Array): bool {
  return (
    hasSignature(rom, [0x8d, 0xe0, 0x1f], 1) || // STA $1FE0
    hasSignature(rom, [0x8d, 0xe0, 0x5f], 1) || // STA $5FE0
    hasSignature(rom, [0x8d, 0xe9, 0xff], 1) || // STA $FFE9
    hasSignature(rom, [0xad, 0xe9, 0xff], 1) || // LDA $FFE9
    hasSignature(rom, [0xad, 0xed, 0xff], 1) || // LDA $FFED
    hasSignature(rom, [0xad, 0xf3, 0xbf], 1) // LDA $BFF3
  );
}

/**
 * E7: image bytes $3800-$39FF (the 256-byte RAM's ports in the fixed bank)
 * are one repeated value, and something differs in the 32 bytes before or
 * after them.
 */
function isProbablyE7(rom: Uint8Array): bool {
  const first = rom[0x3800];
  for (let i = 0x3800; i < 0x3a00; i++) {
    if (rom[i] != first) return false;
  }
  for (let i = 0x3800 - 32; i < 0x3800; i++) {
    if (rom[i] != first) return true;
  }
  for (let i = 0x3a00; i < 0x3a00 + 32; i++) {
    if (rom[i] != first) return true;
  }
  return false;
}

function isProbablyUA(rom: Uint8Array): bool {
  return hasSignature(rom, [0x8d, 0x40, 0x02], 1); // STA $240
}

function isProbablyCV(rom: Uint8Array): bool {
  return (
    hasSignature(rom, [0x9d, 0xff, 0xf3], 1) || // STA $F3FF,X
    hasSignature(rom, [0x99, 0x00, 0xf4], 1) // STA $F400,Y
  );
}

function isProbablyFE(rom: Uint8Array): bool {
  return (
    hasSignature(rom, [0x20, 0x00, 0xd0, 0xc6, 0xc5], 1) || // JSR $D000; DEC $C5
    hasSignature(rom, [0x20, 0xc3, 0xf8, 0xa5, 0x82], 1) || // JSR $F8C3; LDA $82
    hasSignature(rom, [0xd0, 0xfb, 0x20, 0x73, 0xfe], 1) || // BNE; JSR $FE73
    hasSignature(rom, [0x20, 0x00, 0xf0, 0x84, 0xd6], 1) // JSR $F000; STY $D6
  );
}

function detect8K(rom: Uint8Array): string {
  if (isProbablySC(rom)) return "F8SC";
  if (sameBytes(rom, 0, 4096, 4096)) return "4K";
  if (isProbablyE0(rom)) return "E0";
  if (isProbably3E(rom)) return "3E";
  if (isProbably3F(rom)) return "3F";
  if (isProbablyUA(rom)) return "UA";
  if (isProbablyFE(rom)) return "FE";
  return "F8";
}

// ROMs whose banks are stored in the opposite order; ALE starts them in
// bank 0 instead of bank 1 (Private Eye [a] and Snow White).
const SWAPPED_F8_MD5S: string[] = [
  "bc24440b59092559a1ec26055fd1270e",
  "75ee371ccfc4f43e7d9b8f24e1266b55",
];

/**
 * Returns the scheme ALE 0.12.1 would pick for `rom` (whose lower-case hex
 * MD5 is `md5`, if known) from its size and content. Sizes ALE has no scheme
 * for come back as "4K" (ALE reads past the image then); validateRom()
 * rejects them.
 */
export function detectScheme(rom: Uint8Array, md5: string = ""): string {
  if (SWAPPED_F8_MD5S.includes(md5)) return "F8 swapped";
  const size = rom.length;
  if (size > 0 && size % SUPERCHARGER_LOAD_SIZE == 0) return "AR";
  if (size == 2 * K || (size == 4 * K && sameBytes(rom, 0, 2048, 2048))) {
    return isProbablyCV(rom) ? "CV" : "2K";
  }
  if (size == 4 * K) return isProbablyCV(rom) ? "CV" : "4K";
  if (size == 8 * K) return detect8K(rom);
  if (size == 10240 || size == 10495 || size == 10496) return "DPC";
  if (size == 12 * K) return "FASC";
  if (size == 16 * K) {
    if (isProbablySC(rom)) return "F6SC";
    if (isProbablyE7(rom)) return "E7";
    if (isProbably3E(rom)) return "3E";
    if (isProbably3F(rom)) return "3F";
    return "F6";
  }
  if (size == 32 * K) {
    if (isProbablySC(rom)) return "F4SC";
    if (isProbably3E(rom)) return "3E";
    if (isProbably3F(rom)) return "3F";
    return "F4";
  }
  if (size == 64 * K || size == 128 * K) {
    if (isProbably3E(rom)) return "3E";
    if (isProbably3F(rom)) return "3F";
    return size == 64 * K ? "MB" : "MC";
  }
  if (size > 0 && isProbably3E(rom)) return "3E";
  if (size > 0 && isProbably3F(rom)) return "3F";
  return "4K";
}

/** Returns the image size in bytes that `scheme` requires, 0 for any. */
function requiredSize(scheme: string): i32 {
  if (scheme == "2K") return 2 * K;
  if (scheme == "4K") return 4 * K;
  if (scheme == "F8" || scheme == "F8 swapped" || scheme == "F8SC") return 8 * K;
  if (scheme == "E0" || scheme == "FE" || scheme == "UA") return 8 * K;
  if (scheme == "FASC") return 12 * K;
  if (scheme == "F6" || scheme == "F6SC" || scheme == "E7") return 16 * K;
  if (scheme == "F4" || scheme == "F4SC") return 32 * K;
  return 0;
}

/**
 * Checks that `rom` can be run with `scheme` and returns "" when it can, or
 * an error message naming the size or scheme and what to do about it.
 */
export function validateRom(rom: Uint8Array, scheme: string): string {
  const size = rom.length;
  if (size == 0) return "ROM is empty (0 bytes): pass the bytes of a 2600 cartridge image.";
  if (!SUPPORTED_SCHEMES.includes(scheme)) {
    return `Bank-switching scheme ${scheme} of this ${size}-byte ROM is not supported; supported schemes are ${SUPPORTED_SCHEMES.join(", ")}.`;
  }
  const required = requiredSize(scheme);
  if (scheme == "2K" && size == 4 * K) return "";
  if (scheme == "4K" && size != 4 * K) {
    return `ROM size ${size} bytes is not a 2600 cartridge size; expected 2048, 4096, 8192, 10240, 12288, 16384, 32768 or a multiple of 2048 for 3E/3F carts.`;
  }
  if (required != 0 && size != required) {
    return `ROM size ${size} bytes does not fit scheme ${scheme}, which needs ${required} bytes.`;
  }
  if (scheme == "CV" && size != 2 * K && size != 4 * K) {
    return `ROM size ${size} bytes does not fit scheme CV, which needs 2048 or 4096 bytes.`;
  }
  if (scheme == "DPC" && (size < 10240 || size > 10496)) {
    return `ROM size ${size} bytes does not fit scheme DPC, which needs 10240 to 10496 bytes.`;
  }
  if ((scheme == "3E" || scheme == "3F") && (size < 2 * K || size % (2 * K) != 0)) {
    return `ROM size ${size} bytes does not fit scheme ${scheme}, which needs a multiple of 2048 bytes.`;
  }
  return "";
}

/**
 * Creates the cartridge for `rom` with `scheme` (from detectScheme(), or an
 * override such as "F8 swapped"). Call validateRom() first: this returns
 * null for a ROM it rejects. The cartridge is not reset yet.
 */
export function createCartridge(
  bus: Bus,
  random: Mt19937,
  rom: Uint8Array,
  scheme: string,
): Cartridge | null {
  if (validateRom(rom, scheme).length > 0) return null;
  if (scheme == "2K") return new Cartridge2K(bus, random, rom);
  if (scheme == "4K") return new Cartridge4K(bus, random, rom);
  if (scheme == "F8") return new CartridgeAtari(bus, random, rom, "F8", 0xff8, 0, 1);
  if (scheme == "F8 swapped") {
    return new CartridgeAtari(bus, random, rom, "F8", 0xff8, 0, 0);
  }
  if (scheme == "F8SC") return new CartridgeAtari(bus, random, rom, "F8SC", 0xff8, 128, 1);
  if (scheme == "F6") return new CartridgeAtari(bus, random, rom, "F6", 0xff6, 0, 0);
  if (scheme == "F6SC") return new CartridgeAtari(bus, random, rom, "F6SC", 0xff6, 128, 0);
  if (scheme == "F4") return new CartridgeAtari(bus, random, rom, "F4", 0xff4, 0, 0);
  if (scheme == "F4SC") return new CartridgeAtari(bus, random, rom, "F4SC", 0xff4, 128, 0);
  if (scheme == "FASC") return new CartridgeAtari(bus, random, rom, "FASC", 0xff8, 256, 2);
  if (scheme == "E0") return new CartridgeE0(bus, random, rom);
  if (scheme == "E7") return new CartridgeE7(bus, random, rom);
  if (scheme == "3E") return new Cartridge3F(bus, random, rom, true);
  if (scheme == "3F") return new Cartridge3F(bus, random, rom, false);
  if (scheme == "FE") return new CartridgeFE(bus, random, rom);
  if (scheme == "UA") return new CartridgeUA(bus, random, rom);
  if (scheme == "CV") return new CartridgeCV(bus, random, rom);
  if (scheme == "DPC") return new CartridgeDPC(bus, random, rom);
  return null;
}
