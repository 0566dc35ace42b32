import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ATARIARI_GAMES, aleNameOfAtariariKey, atariariKey } from "../../src/atariari/games.ts";
import { labelTable, readLabels, readLabelValues } from "../../src/atariari/labels.ts";
import { RAM_ANNOTATIONS } from "../../src/atariari/ram-annotations.ts";
import { readTrace, sharedPath } from "../env/helpers.ts";

const reference = JSON.parse(readFileSync(sharedPath("atariari/ram-annotations.json"), "utf8")).games;

test("annotation table equals reference data", () => {
  assert.deepEqual(RAM_ANNOTATIONS, reference);
  assert.equal(Object.keys(RAM_ANNOTATIONS).length, 24);
  const labels = Object.values(RAM_ANNOTATIONS).reduce((sum, game) => sum + Object.keys(game).length, 0);
  assert.equal(labels, 362);
  for (const [game, table] of Object.entries(RAM_ANNOTATIONS)) {
    for (const [name, index] of Object.entries(table)) {
      assert.ok(Number.isInteger(index), `${game}.${name} = ${index}`);
      assert.ok(index >= 0, `${game}.${name} = ${index}`);
      assert.ok(index < 128, `${game}.${name} = ${index}`);
    }
  }
});

test("game keys map to ALE names", () => {
  assert.equal(ATARIARI_GAMES.length, 24);
  assert.equal(aleNameOfAtariariKey("mspacman"), "ms_pacman");
  assert.equal(aleNameOfAtariariKey("battlezone"), "battle_zone");
  assert.equal(aleNameOfAtariariKey("skiing"), "skiing");
  assert.equal(atariariKey("MontezumaRevengeNoFrameskip-v4"), "montezumarevenge");
  assert.equal(atariariKey("tetris"), undefined);
  assert.throws(() => labelTable("tetris"), /no AtariARI RAM annotations/);
});

test("labels equal trace RAM bytes", () => {
  const games = ["pong", "ms_pacman", "breakout", "asteroids", "montezuma_revenge", "yars_revenge"];
  for (const game of games) {
    const trace = readTrace(game);
    const table = labelTable(game);
    const expected = reference[atariariKey(game)!];
    const changed = new Set<string>();
    let previous: Record<string, number> | undefined;
    for (let record = 0; record < trace.ram.length; record += 7) {
      const ram = Buffer.from(trace.ram[record], "hex");
      const labels = readLabels(table, ram);
      for (const [name, index] of Object.entries<number>(expected)) {
        assert.equal(labels[name], ram[index], `${game} record ${record} ${name}`);
        if (previous && previous[name] !== labels[name]) changed.add(name);
      }
      assert.deepEqual([...readLabelValues(table, ram)], table.names.map((name) => labels[name]));
      previous = labels;
    }
    // The traces play the game, so several labels must move.
    assert.ok(changed.size >= 3, `${game}: only ${[...changed]} changed`);
  }
});

test("pong labels at known trace step", () => {
  const trace = readTrace("pong");
  const labels = readLabels(labelTable("PongNoFrameskip-v4"), Buffer.from(trace.ram[1000], "hex"));
  assert.deepEqual(Object.keys(labels), [
    "player_y", "player_x", "enemy_y", "enemy_x", "ball_x", "ball_y", "enemy_score", "player_score",
  ]);
  // Scores are RAM 13 (computer) and 14 (player), as ALE's reward rule reads them.
  const ram = Buffer.from(trace.ram[1000], "hex");
  assert.equal(labels.enemy_score, ram[13]);
  assert.equal(labels.player_score, ram[14]);
});
