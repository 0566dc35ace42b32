// Bank switching of every cartridge scheme on synthetic ROM images whose
// bytes encode bank and offset (see markedRom).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ALE_SYSTEM_SEED, Mt19937, createChips, loadWasm, markedRom } from "./chips.ts";

const w = loadWasm();

/** The marker byte of image offset `offset` for banks of 1 << `shift` bytes. */
const mark = (offset: number, shift: number) => (((offset >> shift) * 16) + (offset & 15)) & 0xff;

function expectBank(chips: number, address: number, bank: number, shift: number, label: string) {
  const bankSize = 1 << shift;
  const offset = bank * bankSize + (address & (bankSize - 1));
  assert.equal(w.chipTestRead(chips, address), mark(offset, shift), label);
}

for (const [scheme, size, firstHotspot, startBank] of [
  ["F8", 8192, 0x1ff8, 1],
  ["F6", 16384, 0x1ff6, 0],
  ["F4", 32768, 0x1ff4, 0],
  ["FASC", 12288, 0x1ff8, 2],
] as const) {
  test(`${scheme} hotspots switch banks`, () => {
    const chips = createChips(w, markedRom(size, 12), scheme);
    const banks = size / 4096;
    expectBank(chips, 0x1400, startBank, 12, "start bank");
    for (let bank = 0; bank < banks; bank++) {
      // A read of a hotspot switches first and returns the new bank's byte.
      expectBank(chips, firstHotspot + bank, bank, 12, `read hotspot of bank ${bank}`);
      expectBank(chips, 0x1234, bank, 12, `after reading hotspot ${bank}`);
    }
    for (let bank = banks - 1; bank >= 0; bank--) {
      w.chipTestWrite(chips, firstHotspot + bank, 0);
      expectBank(chips, 0x1800, bank, 12, `after writing hotspot ${bank}`);
    }
    // Mirrors: A13-A15 are ignored.
    w.chipTestRead(chips, 0xf000 | (firstHotspot & 0xfff));
    expectBank(chips, 0x3456, 0, 12, "hotspot through a mirror");
    w.chipTestResetCartridge(chips);
    expectBank(chips, 0x1400, startBank, 12, "start bank after reset");
  });
}

for (const [scheme, size, ramSize] of [
  ["F8SC", 8192, 128],
  ["F6SC", 16384, 128],
  ["F4SC", 32768, 128],
  ["FASC", 12288, 256],
] as const) {
  test(`${scheme} RAM ports`, () => {
    const rom = markedRom(size, 12);
    const chips = createChips(w, rom, scheme);
    for (let i = 0; i < ramSize; i++) w.chipTestWrite(chips, 0x1000 + i, (i * 7 + 3) & 0xff);
    for (let i = 0; i < ramSize; i++) {
      assert.equal(w.chipTestRead(chips, 0x1000 + ramSize + i), (i * 7 + 3) & 0xff, `RAM byte ${i}`);
    }
    // The write port reads the ROM underneath, and the read port ignores writes.
    const startBanks: Record<string, number> = { F8SC: 1, F6SC: 0, F4SC: 0, FASC: 2 };
    const bank = startBanks[scheme];
    expectBank(chips, 0x1005, bank, 12, "write port reads ROM");
    w.chipTestWrite(chips, 0x1000 + ramSize, 0x99);
    assert.equal(w.chipTestRead(chips, 0x1000 + ramSize), 3, "read port kept its value");
  });
}

test("Superchip RAM refills from the generator", () => {
  // Draw order: 128 RIOT RAM bytes, the RIOT timer, then the cartridge RAM.
  const chips = createChips(w, markedRom(8192, 12), "F8SC");
  const reference = new Mt19937(ALE_SYSTEM_SEED);
  for (let i = 0; i < 129; i++) reference.next();
  for (let i = 0; i < 128; i++) {
    assert.equal(w.chipTestRead(chips, 0x1080 + i), reference.next() & 0xff, `byte ${i} after power-on`);
  }
  w.chipTestResetCartridge(chips);
  for (let i = 0; i < 128; i++) {
    assert.equal(w.chipTestRead(chips, 0x1080 + i), reference.next() & 0xff, `byte ${i} after reset`);
  }
});

test("E0 segments switch independently", () => {
  const chips = createChips(w, markedRom(8192, 10), "E0");
  for (let segment = 0; segment < 4; segment++) {
    expectBank(chips, 0x1000 + segment * 0x400 + 0x12, [4, 5, 6, 7][segment], 10, `segment ${segment} at reset`);
  }
  w.chipTestRead(chips, 0x1fe3);
  w.chipTestWrite(chips, 0x1fe9, 0);
  w.chipTestRead(chips, 0x1ff0);
  expectBank(chips, 0x1012, 3, 10, "segment 0");
  expectBank(chips, 0x1412, 1, 10, "segment 1");
  expectBank(chips, 0x1812, 0, 10, "segment 2");
  expectBank(chips, 0x1c12, 7, 10, "segment 3 is fixed");
  w.chipTestRead(chips, 0x1ff8);
  expectBank(chips, 0x1812, 0, 10, "$1FF8 is no hotspot");
});

test("E7 ROM banks and RAM", () => {
  const chips = createChips(w, markedRom(16384, 11), "E7");
  expectBank(chips, 0x1123, 0, 11, "bank 0 at reset");
  for (let bank = 0; bank < 7; bank++) {
    w.chipTestRead(chips, 0x1fe0 + bank);
    expectBank(chips, 0x1456, bank, 11, `bank ${bank}`);
  }
  expectBank(chips, 0x1a10, 7, 11, "fixed part");
  // $1FE7 maps the 1 KB RAM: write at $1000, read at $1400.
  w.chipTestWrite(chips, 0x1fe7, 0);
  w.chipTestWrite(chips, 0x1010, 0x5a);
  assert.equal(w.chipTestRead(chips, 0x1410), 0x5a);
  // 256-byte RAM banks: write at $1800, read at $1900.
  for (let bank = 0; bank < 4; bank++) {
    w.chipTestRead(chips, 0x1fe8 + bank);
    w.chipTestWrite(chips, 0x1820, 0x10 + bank);
  }
  for (let bank = 0; bank < 4; bank++) {
    w.chipTestRead(chips, 0x1fe8 + bank);
    assert.equal(w.chipTestRead(chips, 0x1920), 0x10 + bank, `RAM bank ${bank}`);
  }
});

test("3F selects banks by TIA writes", () => {
  const chips = createChips(w, markedRom(8192, 11), "3F");
  expectBank(chips, 0x1100, 0, 11, "bank 0 at reset");
  expectBank(chips, 0x1900, 3, 11, "last bank fixed");
  w.chipTestWrite(chips, 0x003f, 2);
  expectBank(chips, 0x1100, 2, 11, "after STA $3F");
  w.chipTestWrite(chips, 0x0010, 1);
  expectBank(chips, 0x1100, 1, 11, "any address up to $3F");
  w.chipTestWrite(chips, 0x0040, 3);
  expectBank(chips, 0x1100, 1, 11, "$40 is no hotspot");
  w.chipTestWrite(chips, 0x003f, 6);
  expectBank(chips, 0x1100, 2, 11, "bank number wraps");
});

test("3E maps RAM banks", () => {
  const chips = createChips(w, markedRom(8192, 11), "3E");
  w.chipTestWrite(chips, 0x003e, 5);
  w.chipTestWrite(chips, 0x1400 + 0x33, 0xab);
  assert.equal(w.chipTestRead(chips, 0x1033), 0xab);
  w.chipTestWrite(chips, 0x003e, 6);
  w.chipTestWrite(chips, 0x1433, 0xcd);
  w.chipTestWrite(chips, 0x003e, 5);
  assert.equal(w.chipTestRead(chips, 0x1033), 0xab, "RAM bank 5 kept its byte");
  w.chipTestWrite(chips, 0x003f, 1);
  expectBank(chips, 0x1033, 1, 11, "back to ROM");
});

test("FE bank follows address line A13", () => {
  const chips = createChips(w, markedRom(8192, 12), "FE");
  expectBank(chips, 0xf123, 0, 12, "$Fxxx reads the first 4 KB");
  expectBank(chips, 0xd123, 1, 12, "$Dxxx reads the second 4 KB");
});

test("UA hotspots at $0220 and $0240", () => {
  const chips = createChips(w, markedRom(8192, 12), "UA");
  expectBank(chips, 0x1100, 0, 12, "bank 0 at reset");
  w.chipTestRead(chips, 0x0240);
  expectBank(chips, 0x1100, 1, 12, "after reading $0240");
  w.chipTestWrite(chips, 0x0220, 0);
  expectBank(chips, 0x1100, 0, 12, "after writing $0220");
});

test("CV RAM ports and ROM", () => {
  const rom = markedRom(2048, 11);
  // Put the CV signature STA $F3FF,X in the image.
  rom.set([0x9d, 0xff, 0xf3], 0x100);
  const chips = createChips(w, rom, "CV");
  w.chipTestWrite(chips, 0x1400 + 0x2a, 0x77);
  assert.equal(w.chipTestRead(chips, 0x102a), 0x77);
  assert.equal(w.chipTestRead(chips, 0x1805), mark(0x005, 11));
  assert.equal(w.chipTestRead(chips, 0x1405), mark(0x405, 11), "write port reads ROM");
});

test("cartridge state round trip", () => {
  const chips = createChips(w, markedRom(16384, 12), "F6SC");
  w.chipTestRead(chips, 0x1ff8);
  w.chipTestWrite(chips, 0x1001, 0x42);
  const size = w.chipTestSaveCartridge(chips);
  assert.equal(size, 8 * 4 + 128);
  w.chipTestRead(chips, 0x1ff6);
  w.chipTestWrite(chips, 0x1001, 0x00);
  w.chipTestLoadCartridge(chips);
  expectBank(chips, 0x1200, 2, 12, "bank restored");
  assert.equal(w.chipTestRead(chips, 0x1081), 0x42, "RAM restored");
});

test("DPC data fetchers and random numbers", () => {
  const rom = new Uint8Array(10240);
  for (let i = 0; i < 8192; i++) rom[i] = ((i >> 12) * 16 + (i & 15)) & 0xff;
  for (let i = 0; i < 2048; i++) rom[8192 + i] = (i * 3) & 0xff;
  const chips = createChips(w, rom, "DPC");
  const display = (counter: number) => rom[8192 + 2047 - counter];

  assert.equal(w.chipTestRead(chips, 0x1123), 0x13, "program bank 1 at reset");
  w.chipTestRead(chips, 0x1ff8);
  assert.equal(w.chipTestRead(chips, 0x1123), 0x03, "bank 0 after $1FF8");

  // Fetcher 2: top $21, bottom $1E, counter $120.
  w.chipTestWrite(chips, 0x1042, 0x21);
  w.chipTestWrite(chips, 0x104a, 0x1e);
  w.chipTestWrite(chips, 0x1052, 0x20);
  w.chipTestWrite(chips, 0x105a, 0x01);
  assert.equal(w.chipTestRead(chips, 0x100a), display(0x120), "display byte at $120");
  assert.equal(w.chipTestRead(chips, 0x100a), display(0x11f), "counter decremented");
  assert.equal(w.chipTestRead(chips, 0x103a), 0x00, "flag off before the bottom");
  // The counter is now $11D; reading moves it past the bottom ($1E).
  w.chipTestWrite(chips, 0x1052, 0x21);
  assert.equal(w.chipTestRead(chips, 0x103a), 0xff, "flag on at the top");
  assert.equal(w.chipTestRead(chips, 0x1012), display(0x120) & 0xff, "ANDed with the flag");

  // The random number generator shifts in the inverse parity of bits 7, 5, 4, 3.
  w.chipTestWrite(chips, 0x1070, 0);
  let expected = 1;
  for (let n = 0; n < 20; n++) {
    const taps = ((expected >> 7) ^ (expected >> 5) ^ (expected >> 4) ^ (expected >> 3)) & 1;
    expected = ((expected << 1) | (taps ^ 1)) & 0xff;
    assert.equal(w.chipTestRead(chips, 0x1000 + (n & 3)), expected, `random number ${n}`);
  }
});

test("corrupt cartridge states never trap", () => {
  const roms: [string, Uint8Array][] = [
    ["F8", markedRom(8192, 12)],
    ["F6SC", markedRom(16384, 12)],
    ["F4SC", markedRom(32768, 12)],
    ["FASC", markedRom(12288, 12)],
    ["E0", markedRom(8192, 10)],
    ["E7", markedRom(16384, 11)],
    ["3F", markedRom(8192, 11)],
    ["3E", markedRom(8192, 11)],
    ["FE", markedRom(8192, 12)],
    ["UA", markedRom(8192, 12)],
    ["DPC", markedRom(10240, 12)],
  ];
  let seed = 99;
  const nextByte = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 24;
  };
  for (const [scheme, rom] of roms) {
    const chips = createChips(w, rom, scheme);
    const size = w.chipTestSaveCartridge(chips);
    const state = new Uint8Array(w.memory.buffer, w.chipTestState(chips), size);
    for (let i = 0; i < size; i++) state[i] = nextByte();
    w.chipTestLoadCartridge(chips);
    for (let address = 0x1000; address < 0x2000; address++) w.chipTestRead(chips, address);
    for (let address = 0x1000; address < 0x2000; address += 7) w.chipTestWrite(chips, address, nextByte());
  }
});

test("dummy reads switch banks only in hardware mode", () => {
  // LDA $1FFA,X with X = $FE makes a dummy read of $1FF8 (the F8 hotspot of
  // bank 0) before reading $20F8. ALE's CPU core skips that read.
  const rom = new Uint8Array(8192);
  for (const bank of [0, 1]) {
    const base = bank * 4096;
    rom.set([0xbd, 0xfa, 0x1f], base);
    rom.set([0xa2, bank === 0 ? 0x22 : 0x11], base + 3);
    rom.set([0x00, 0x10], base + 0xffc);
  }
  const runs: [boolean, number][] = [[true, 0x11], [false, 0x22]];
  for (const [aleCompatible, expectedX] of runs) {
    const chips = createChips(w, rom, "F8");
    w.chipTestCpuReset(chips, aleCompatible);
    assert.equal(w.chipTestCpuRegister(chips, 0), 0x1000, "reset vector");
    w.chipTestCpuSetRegisters(chips, 0x1000, 0xff, 0, 0xfe, 0, 0x20);
    assert.equal(w.chipTestCpuStep(chips), 5, "LDA abs,X across a page");
    w.chipTestCpuStep(chips);
    assert.equal(w.chipTestCpuRegister(chips, 3), expectedX, aleCompatible ? "ALE mode stays in bank 1" : "hardware switches to bank 0");
  }
});
