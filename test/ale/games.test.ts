// Per-game facts of ALE 0.12.1 for every game with rules here: action sets,
// modes, difficulties, screen height, and lives and episode frame number
// right after the reset sequence. The last two check the mode routines and
// starting actions of games that have no reference trace.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ALEInterface } from "../../src/ale/index.ts";
import { ROM_DIR, TRACE_DIR } from "./trace-replay.ts";

interface GameFacts {
  rom_file: string;
  md5: string;
  minimal_action_set: number[];
  legal_action_count: number;
  modes: { available: number[]; default: number };
  difficulties: { available: number[] };
  display: { height: number };
  reset: { lives_at_step0: number; episode_frame_number_at_step0: number };
}

const facts: Record<string, GameFacts> = JSON.parse(
  readFileSync(join(TRACE_DIR, "game-facts-all.json"), "utf8"),
).games;

test("games match ALE's facts after reset", async (t) => {
  t.mock.method(console, "warn", () => {});
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  const implemented: string[] = [];
  for (const [name, game] of Object.entries(facts)) {
    ale.loadROM(readFileSync(join(ROM_DIR, game.rom_file)));
    if (ale.getRomId() === null) continue;
    implemented.push(name);
    assert.equal(ale.getRomId(), name);
    assert.equal(ale.getRomMd5(), game.md5, name);
    assert.deepEqual(ale.getMinimalActionSet(), game.minimal_action_set, `${name} minimal actions`);
    assert.equal(ale.getLegalActionSet().length, game.legal_action_count, `${name} legal actions`);
    assert.deepEqual(ale.getAvailableModes(), game.modes.available, `${name} modes`);
    assert.equal(ale.getMode(), game.modes.default, `${name} default mode`);
    assert.deepEqual(ale.getAvailableDifficulties(), game.difficulties.available, `${name} difficulties`);
    assert.equal(ale.getScreenDims().height, game.display.height, `${name} screen height`);
    assert.equal(ale.lives(), game.reset.lives_at_step0, `${name} lives at step 0`);
    assert.equal(
      ale.getEpisodeFrameNumber(),
      game.reset.episode_frame_number_at_step0,
      `${name} episode frame at step 0`,
    );
  }
  t.diagnostic(`${implemented.length} of ${Object.keys(facts).length} games have rules`);
  assert.ok(implemented.length >= 104, `only ${implemented.length} games have rules`);
});

test("getAvailableGames lists ALE's games", async () => {
  const games = await ALEInterface.getAvailableGames();
  const byId = new Map(games.map((game) => [game.id, game.md5]));
  for (const [name, game] of Object.entries(facts)) {
    assert.equal(byId.get(name), game.md5, `${name} listed with its MD5`);
  }
  assert.equal(new Set(games.map((game) => game.md5)).size, games.length, "MD5s are unique");
});
