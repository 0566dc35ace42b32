// Random byte strings as ROMs: each either loads or fails with an Error, and
// no ROM can trap the WebAssembly instance or make one act() unbounded,
// because a frame is cut off after 25,000 instructions.

import assert from "node:assert/strict";
import { test } from "node:test";
import { ALEInterface } from "../../src/ale/index.ts";

// Cartridge sizes with a bank-switching scheme, and sizes without one.
const SIZES = [2048, 4096, 8192, 12288, 16384, 32768, 10240, 10495, 1000, 3000, 6144, 12345];
const ROMS_PER_SIZE = 3;
const ACTS_PER_ROM = 40;
// Generous bound for one act() of frame_skip 2 (two frames of at most
// 25,000 instructions each), for a slow shared CI machine.
const MAX_ACT_MILLISECONDS = 2000;

function randomBytes(length: number, seed: number): Uint8Array {
  let state = seed >>> 0 || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

test("random ROMs load or fail cleanly", async (t) => {
  t.mock.method(console, "warn", () => {});
  const ale = await ALEInterface.create();
  ale.setInt("frame_skip", 2);
  let loadedCount = 0;
  let slowest = 0;
  for (const size of SIZES) {
    for (let n = 0; n < ROMS_PER_SIZE; n++) {
      const image = randomBytes(size, size * 31 + n);
      try {
        ale.loadROM(image);
      } catch (error) {
        assert.ok(error instanceof Error);
        assert.doesNotMatch(error.message, /emulator aborted|unreachable/, `size ${size}`);
        continue;
      }
      loadedCount++;
      const actions = ale.getLegalActionSet();
      for (let i = 0; i < ACTS_PER_ROM; i++) {
        const start = performance.now();
        ale.act(actions[(i * 7 + n) % actions.length]);
        slowest = Math.max(slowest, performance.now() - start);
        if (ale.gameOver()) ale.resetGame();
      }
      assert.equal(ale.getScreen().length, ale.getScreenDims().width * ale.getScreenDims().height);
      const state = ale.cloneState();
      ale.act(0);
      ale.restoreState(state);
    }
  }
  t.diagnostic(`${loadedCount} random ROMs loaded, slowest act() ${slowest.toFixed(1)} ms`);
  assert.ok(loadedCount >= 15, `expected most sized ROMs to load, ${loadedCount} did`);
  assert.ok(slowest < MAX_ACT_MILLISECONDS, `slowest act() took ${slowest} ms`);
});

test("rejected sizes name the size", async () => {
  const ale = await ALEInterface.create();
  for (const size of [1, 100, 3000, 5000]) {
    assert.throws(() => ale.loadROM(randomBytes(size, size)), new RegExp(`${size}`));
  }
});
