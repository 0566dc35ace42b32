// Runs the built-in cartridge in the emulator through ALEInterface: the
// reset sequence, the joystick, scoring, losing lives and the game's end.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { ALEInterface } from "../../src/ale/index.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const rom = new Uint8Array(readFileSync(`${root}cart/windfall.bin`));
const labels = JSON.parse(readFileSync(`${root}cart/windfall.annotations.json`, "utf8")).games
  .windfall as Record<string, number>;
const settings = JSON.parse(readFileSync(`${root}cart/windfall.game.json`, "utf8"));

const NOOP = 0;
const UP = 2;
const RIGHT = 3;
const LEFT = 4;
const DOWN = 5;
const FRAME_LIMIT = 20_000;

// ALE's default repeats the previous action with probability 0.25 (sticky
// actions); these tests need every action to take effect on its frame.
async function start(): Promise<ALEInterface> {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  ale.loadROM(rom);
  return ale;
}

function label(ale: ALEInterface, name: string): number {
  return ale.getRAM()[labels[name]];
}

// Moves the basket under the apple; returns the total reward.
function chaseApple(ale: ALEInterface, frames: number): number {
  let total = 0;
  for (let i = 0; i < frames && !ale.gameOver(); i++) {
    const dx = label(ale, "apple_x") - label(ale, "player_x");
    let action = NOOP;
    if (dx > 1) action = RIGHT;
    if (dx < -1) action = LEFT;
    total += ale.act(action);
  }
  return total;
}

test("windfall starts a fresh game", async () => {
  const ale = await start();
  assert.equal(ale.lives(), 3);
  assert.equal(ale.gameOver(), false);
  assert.equal(label(ale, "score_low"), 0);
  assert.equal(label(ale, "score_high"), 0);
  assert.equal(label(ale, "level"), 0);
  assert.equal(label(ale, "player_x"), 76);
  assert.deepEqual([...ale.getMinimalActionSet()], settings.minimal_action_set);
});

test("windfall frames are 262 scanlines", async () => {
  const ale = await start();
  // aleScanline is the emulator's diagnostic export of the last frame's length.
  const exports = (ale as unknown as { exports: { aleScanline(id: number): number } }).exports;
  const id = (ale as unknown as { id: number }).id;
  for (let i = 0; i < 600; i++) {
    ale.act(1 + (i % 9));
    assert.equal(exports.aleScanline(id), 262, `frame ${i}`);
  }
});

test("windfall joystick moves the basket", async () => {
  const ale = await start();
  const x0 = label(ale, "player_x");
  for (let i = 0; i < 10; i++) ale.act(RIGHT);
  assert.equal(label(ale, "player_x"), x0 + 20);
  for (let i = 0; i < 5; i++) ale.act(LEFT);
  assert.equal(label(ale, "player_x"), x0 + 10);
  const y0 = label(ale, "player_y");
  for (let i = 0; i < 4; i++) ale.act(UP);
  assert.equal(label(ale, "player_y"), y0 - 4);
  for (let i = 0; i < 10; i++) ale.act(DOWN);
  assert.equal(label(ale, "player_y"), y0, "the basket stops at the bottom row");
  for (let i = 0; i < 200; i++) ale.act(LEFT);
  assert.equal(label(ale, "player_x"), 8, "the basket stops at the left edge");
});

test("windfall rewards a caught apple", async () => {
  const ale = await start();
  const reward = chaseApple(ale, 2_000);
  assert.ok(reward >= 3, `reward ${reward} after 2000 frames of chasing apples`);
  assert.equal(label(ale, "score_low"), Number.parseInt(String(reward), 16) & 0xff);
  assert.equal(label(ale, "catch_count"), reward % 10);
  assert.equal(label(ale, "level"), Math.floor(reward / 10));
});

test("windfall loses lives and ends", async () => {
  const ale = await start();
  let frames = 0;
  const lives: number[] = [ale.lives()];
  while (!ale.gameOver() && frames < FRAME_LIMIT) {
    ale.act(NOOP);
    frames++;
    if (ale.lives() !== lives[lives.length - 1]) lives.push(ale.lives());
  }
  assert.ok(ale.gameOver(), `still playing after ${frames} frames`);
  assert.deepEqual(lives, [3, 2, 1, 0]);
  assert.equal(ale.act(RIGHT), 0);
  ale.resetGame();
  assert.equal(ale.gameOver(), false);
  assert.equal(ale.lives(), 3);
});

test("windfall episodes differ after reset", async () => {
  const ale = await start();
  const firstApples = new Set<number>();
  for (let episode = 0; episode < 4; episode++) {
    firstApples.add(label(ale, "apple_x"));
    for (let i = 0; i < 50 + episode * 7; i++) ale.act(1 + (i % 9));
    ale.resetGame();
  }
  assert.ok(firstApples.size > 1, `apple_x at step 0 was always ${[...firstApples]}`);
});

test("windfall is deterministic", async () => {
  const a = await start();
  const b = await start();
  for (let i = 0; i < 500; i++) {
    const action = (i * 7) % 10;
    assert.equal(a.act(action), b.act(action));
  }
  assert.deepEqual(a.getRAM(), b.getRAM());
});

test("windfall rules md5 equals binary", async () => {
  const source = readFileSync(`${root}assembly/ale/games/windfall.ts`, "utf8");
  assert.match(source, new RegExp(`this\\.md5 = "${settings.md5}"`));
});
