// The built-in cartridge Windfall registered like an ALE game: its ROM
// entry and label table come from the files in cart/, and the library's
// environment factories accept it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { atariariKey, ATARIARI_GAMES, GAME_ANNOTATIONS } from "../../src/atariari/games.ts";
import { labelTable, readLabels } from "../../src/atariari/labels.ts";
import { createAtariEnv } from "../../src/env/atari.ts";
import { openAtariVectorEnv } from "../../src/env/node.ts";
import { aleGameName, knownRomByMd5, knownRomForGame } from "../../src/roms/games.ts";
import { BUILTIN_ROMS } from "../../src/roms/known-roms.ts";
import { md5Hex } from "../../src/roms/md5.ts";
import { BUILTIN_ROM_DIR, resolveRom } from "../../src/roms/resolve.ts";
import { repoRoot } from "../env/helpers.ts";

const romBytes = new Uint8Array(readFileSync(join(repoRoot, "cart", "windfall.bin")));
const annotations = JSON.parse(readFileSync(join(repoRoot, "cart", "windfall.annotations.json"), "utf8"));

test("windfall ROM entry matches binary", () => {
  const entry = knownRomForGame("windfall");
  assert.equal(entry.md5, md5Hex(romBytes));
  assert.equal(entry.bytes, romBytes.length);
  assert.equal(entry.display, "NTSC");
  assert.equal(knownRomByMd5(md5Hex(romBytes)), entry);
  assert.deepEqual(BUILTIN_ROMS.map((rom) => rom.name), ["windfall"]);
  assert.equal(aleGameName("WindfallNoFrameskip-v4"), "windfall");
});

test("windfall labels come from cart file", () => {
  assert.equal(atariariKey("windfall"), "windfall");
  assert.deepEqual(GAME_ANNOTATIONS.windfall, annotations.games.windfall);
  const table = labelTable("windfall");
  assert.deepEqual(table.names, Object.keys(annotations.games.windfall));
  assert.equal(ATARIARI_GAMES.includes("windfall"), false);
});

test("resolveRom finds windfall in cart", () => {
  const found = resolveRom({ game: "windfall", env: {}, searchAlePy: false });
  assert.equal(found.path, join(BUILTIN_ROM_DIR, "windfall.bin"));
  assert.equal(found.md5, md5Hex(romBytes));
});

test("createAtariEnv labels windfall from RAM", async () => {
  const env = await createAtariEnv({ game: "windfall", rom: romBytes });
  const table = labelTable("windfall");
  const start = env.reset({ seed: 3 });
  assert.deepEqual(Object.keys(start.info.labels ?? {}), table.names);
  const seen = new Set<string>();
  for (let step = 0; step < 60; step++) {
    const result = env.step(step % env.actionSpace.n);
    const labels = result.info.labels!;
    assert.deepEqual(labels, readLabels(table, env.unwrapped.ale.getRAM()));
    seen.add(JSON.stringify(labels));
    if (result.terminated || result.truncated) break;
  }
  // The falling apple and stone move every frame, so the labels change.
  assert.ok(seen.size > 10, `only ${seen.size} distinct label sets`);
});

test("openAtariVectorEnv opens windfall", async () => {
  const { vec, rom } = await openAtariVectorEnv({ game: "windfall", numEnvs: 2, env: {}, searchAlePy: false });
  try {
    assert.equal(rom.known.name, "windfall");
    assert.deepEqual(vec.labelNames, labelTable("windfall").names);
  } finally {
    await vec.close();
  }
});
