// Scheme detection over the shared ROM set: every ROM gets the scheme ALE
// 0.12.1 picked for it and loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sharedRoot } from "../cpu/wasm.ts";
import { createChips, loadWasm, putRom, schemeIndex, wasmString } from "./chips.ts";

const romDir = resolve(sharedRoot, "roms");
const manifestPath = resolve(romDir, "MANIFEST.tsv");
const skip = !existsSync(manifestPath) && "../shared/roms missing";

function manifest(): { file: string; scheme: string }[] {
  const lines = readFileSync(manifestPath, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [file, , , scheme] = line.split("\t");
    return { file, scheme };
  });
}

test("detection matches ALE for every ROM", { skip }, () => {
  const w = loadWasm();
  const wrong: string[] = [];
  const entries = manifest();
  assert.equal(entries.length, 104);
  for (const { file, scheme } of entries) {
    putRom(w, readFileSync(resolve(romDir, file)));
    const detected = wasmString(w, w.chipTestDetect());
    if (detected !== scheme) wrong.push(`${file}: detected ${detected}, ALE ${scheme}`);
  }
  assert.deepEqual(wrong, []);
});

test("every shared ROM loads", { skip }, () => {
  const w = loadWasm();
  const failures: string[] = [];
  for (const { file, scheme } of manifest()) {
    const rom = readFileSync(resolve(romDir, file));
    const chips = createChips(w, rom, scheme);
    // The reset vector comes from the last bytes of the start bank. (Star
    // Gunner's is $0000, so no range check.)
    const vector = w.chipTestRead(chips, 0xfffc) | (w.chipTestRead(chips, 0xfffd) << 8);
    const bankEnd = scheme === "2K" ? 2048 : 4096;
    const inImage = rom.some((_, i) => i % bankEnd === bankEnd - 4 && rom[i] === (vector & 0xff) && rom[i + 1] === vector >> 8);
    if (!inImage && scheme !== "FE" && scheme !== "E0" && scheme !== "DPC") {
      failures.push(`${file}: reset vector ${vector.toString(16)} is not in any bank's vector bytes`);
    }
    if (wasmString(w, w.chipTestScheme(chips)) !== scheme) failures.push(`${file}: cartridge reports another scheme`);
  }
  assert.deepEqual(failures, []);
});

test("invalid ROMs fail with clear errors", () => {
  const w = loadWasm();
  const cases: [number, RegExp][] = [
    [0, /ROM is empty \(0 bytes\)/],
    [3000, /ROM size 3000 bytes is not a 2600 cartridge size/],
    [8448, /scheme AR of this 8448-byte ROM is not supported/],
    [65536, /scheme MB of this 65536-byte ROM is not supported/],
  ];
  for (const [size, message] of cases) {
    putRom(w, new Uint8Array(size));
    assert.match(wasmString(w, w.chipTestLoadError()), message, `ROM of ${size} bytes`);
  }
  putRom(w, new Uint8Array(4096));
  const f8 = wasmString(w, w.chipTestValidate(schemeIndex(w, "F8")));
  assert.match(f8, /ROM size 4096 bytes does not fit scheme F8, which needs 8192 bytes/);
});

test("random byte strings never trap", () => {
  const w = loadWasm();
  let state = 12345;
  const nextByte = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  };
  const sizes = [2048, 4096, 8192, 10240, 12288, 16384, 32768, 1, 100, 6000];
  for (const size of sizes) {
    for (let round = 0; round < 4; round++) {
      const rom = new Uint8Array(size);
      for (let i = 0; i < size; i++) rom[i] = nextByte();
      putRom(w, rom);
      const detected = wasmString(w, w.chipTestDetect());
      assert.ok(detected.length > 0);
      const count = w.chipTestSchemeCount();
      for (let index = 0; index < count; index++) {
        if (wasmString(w, w.chipTestValidate(index)) !== "") continue;
        const chips = w.chipTestCreate(index);
        for (let n = 0; n < 64; n++) {
          const address = (nextByte() << 8) | nextByte();
          if (n & 1) w.chipTestWrite(chips, address, nextByte());
          else w.chipTestRead(chips, address);
        }
      }
    }
  }
});
