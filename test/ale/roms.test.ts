// Every ROM in the shared ROM set loads, resets and runs random actions of
// its minimal set; the four multi-player-only ROMs are rejected.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ALEInterface } from "../../src/ale/index.ts";
import { ROM_DIR } from "./trace-replay.ts";

const MULTI_PLAYER = new Set(["combat", "joust", "maze_craze", "warlords"]);
const STEPS = 300;
const SCREEN_HEIGHTS = new Set([210, 214, 220, 230, 250]);

const roms = existsSync(ROM_DIR)
  ? readdirSync(ROM_DIR).filter((name) => name.endsWith(".bin")).sort()
  : [];

test("shared ROMs are present", () => {
  assert.ok(roms.length >= 100, `expected about 105 ROMs in ${ROM_DIR}, found ${roms.length}`);
});

test("every shared ROM loads and runs", async (t) => {
  t.mock.method(console, "warn", () => {});
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  for (const name of roms) {
    const game = name.replace(".bin", "");
    const rom = readFileSync(join(ROM_DIR, name));
    if (MULTI_PLAYER.has(game)) {
      assert.throws(() => ale.loadROM(rom), /multi-player game: .*multi-agent support/, game);
      continue;
    }
    ale.loadROM(rom);
    const { height } = ale.getScreenDims();
    assert.ok(SCREEN_HEIGHTS.has(height), `${game}: screen height ${height}`);
    const actions = ale.getMinimalActionSet();
    assert.ok(actions.length > 0, `${game}: empty minimal action set`);
    let state = 0x9e3779b9;
    for (let step = 0; step < STEPS; step++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const reward = ale.act(actions[(state >>> 0) % actions.length]);
      assert.ok(Number.isInteger(reward), `${game}: reward ${reward} at step ${step}`);
      assert.ok(ale.lives() >= 0, `${game}: lives ${ale.lives()} at step ${step}`);
      if (ale.gameOver()) ale.resetGame();
    }
  }
});
