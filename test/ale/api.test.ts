// ALEInterface behaviour that the traces do not cover: input errors,
// settings, state snapshots, frame skip, sticky actions and episode limits.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ALEInterface, Action } from "../../src/ale/index.ts";
import { ROM_DIR, TRACE_DIR } from "./trace-replay.ts";

const rom = (game: string) => new Uint8Array(readFileSync(join(ROM_DIR, `${game}.bin`)));

async function loaded(game: string, settings: Record<string, number> = {}): Promise<ALEInterface> {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  for (const [key, value] of Object.entries(settings)) {
    if (key === "repeat_action_probability") ale.setFloat(key, value);
    else ale.setInt(key, value);
  }
  ale.loadROM(rom(game));
  return ale;
}

/** Runs `actions` and returns RAM hex, reward, lives and frame per step. */
function run(ale: ALEInterface, actions: number[]): string[] {
  return actions.map((action) => {
    const reward = ale.act(action);
    const ram = Buffer.from(ale.getRAM()).toString("hex");
    return `${ram} ${reward} ${ale.lives()} ${ale.getFrameNumber()} ${ale.gameOver()}`;
  });
}

function randomActions(count: number, choices: number[], seed: number): number[] {
  let state = seed >>> 0 || 1;
  const actions: number[] = [];
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    actions.push(choices[state % choices.length]);
  }
  return actions;
}

test("methods need a loaded ROM", async () => {
  const ale = await ALEInterface.create();
  assert.throws(() => ale.act(Action.NOOP), /no ROM is loaded: call loadROM/);
  assert.throws(() => ale.getScreen(), /no ROM is loaded/);
  assert.throws(() => ale.resetGame(), /no ROM is loaded/);
});

test("loadROM rejects bad images", async () => {
  const ale = await ALEInterface.create();
  assert.throws(() => ale.loadROM(new Uint8Array(0)), /empty \(0 bytes\)/);
  assert.throws(() => ale.loadROM(new Uint8Array(3000)), /3000/);
  assert.throws(() => ale.act(Action.NOOP), /no ROM is loaded/);
});

test("act rejects invalid action ids", async () => {
  const ale = await loaded("pong");
  assert.throws(() => ale.act(18), /invalid action id 18: expected an integer 0\.\.17/);
  assert.throws(() => ale.act(-1), /invalid action id -1/);
  assert.throws(() => ale.act(1.5), /invalid action id 1\.5/);
  assert.throws(() => ale.act(Action.FIRE, Number.NaN), /invalid paddle strength NaN/);
  assert.equal(ale.act(Action.RESET), 0);
});

test("settings reject bad keys and values", async () => {
  const ale = await ALEInterface.create();
  assert.throws(() => ale.setInt("frameskip", 4), /unknown setting key "frameskip": supported keys are .*frame_skip/);
  assert.throws(() => ale.setInt("frame_skip", 0), /invalid value 0 for frame_skip/);
  assert.throws(() => ale.setFloat("repeat_action_probability", 1.5), /probability in \[0, 1\]/);
  assert.throws(() => ale.setInt("random_seed", -3), /invalid value -3 for random_seed/);
  assert.throws(() => ale.setBool("frame_skip", true), /is a int: use set\/getInt/);
  assert.throws(() => ale.setBool("color_averaging", true), /not implemented/);
  ale.setInt("frame_skip", 3);
  assert.equal(ale.getInt("frame_skip"), 3);
  ale.setFloat("repeat_action_probability", 0.5);
  assert.equal(ale.getFloat("repeat_action_probability"), 0.5);
  assert.equal(ale.getInt("system_random_seed"), 4753849);
  assert.equal(ale.getBool("color_averaging"), false);
});

test("defaults follow ALE", async () => {
  const ale = await ALEInterface.create();
  assert.equal(ale.getInt("random_seed"), 0);
  assert.equal(ale.getInt("frame_skip"), 1);
  assert.equal(ale.getFloat("repeat_action_probability"), 0.25);
  assert.equal(ale.getInt("max_num_frames_per_episode"), 0);
});

test("action sets, modes and difficulties", async () => {
  const ale = await loaded("pong");
  assert.deepEqual(ale.getMinimalActionSet(), [0, 1, 3, 4, 11, 12]);
  assert.equal(ale.getLegalActionSet().length, 18);
  assert.deepEqual(ale.getAvailableModes(), [0, 1]);
  assert.deepEqual(ale.getAvailableDifficulties(), [0, 1, 2, 3]);
  assert.deepEqual(ale.getScreenDims(), { width: 160, height: 210 });
  assert.throws(() => ale.setMode(5), /invalid mode 5: available modes are 0, 1/);
  assert.throws(() => ale.setDifficulty(4), /invalid difficulty 4: available difficulties are 0, 1, 2, 3/);
  ale.setMode(1);
  ale.resetGame();
  assert.equal(ale.getMode(), 1);
  assert.equal(ale.getRAM()[22], 1, "Pong's mode byte after selecting mode 1");
});

test("screen formats agree with the palette", async () => {
  const palette = JSON.parse(readFileSync(join(TRACE_DIR, "ntsc-palette.json"), "utf8"));
  const ale = await loaded("seaquest");
  for (let i = 0; i < 100; i++) ale.act(i % 18);
  const screen = ale.getScreen();
  const rgb = ale.getScreenRGB();
  const grey = ale.getScreenGrayscale();
  assert.equal(screen.length, 160 * 210);
  assert.equal(rgb.length, 160 * 210 * 3);
  for (let p = 0; p < screen.length; p += 7) {
    const colour = palette.rgb[screen[p] >> 1];
    assert.deepEqual([rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]], colour, `pixel ${p}`);
    assert.equal(grey[p], palette.grayscale[screen[p] >> 1], `grey pixel ${p}`);
  }
  const out = new Uint8Array(160 * 210);
  assert.equal(ale.getScreen(out), out);
  assert.deepEqual(out, screen);
  assert.throws(() => ale.getScreen(new Uint8Array(10)), /has 10 bytes, needs 33600/);
});

test("setRAM writes RIOT RAM", async () => {
  const ale = await loaded("pong");
  ale.setRAM(5, 0xab);
  assert.equal(ale.getRAM()[5], 0xab);
  assert.throws(() => ale.setRAM(128, 0), /invalid RAM index 128/);
  assert.throws(() => ale.setRAM(0, 256), /invalid RAM value 256/);
});

test("cloneState round trip replays identically", async () => {
  const ale = await loaded("seaquest", { repeat_action_probability: 0.25, random_seed: 3 });
  const actions = randomActions(400, ale.getMinimalActionSet(), 11);
  run(ale, actions.slice(0, 100));
  const state = ale.cloneState();
  const first = run(ale, actions.slice(100));
  const screen = ale.getScreen();
  ale.restoreState(state);
  const second = run(ale, actions.slice(100));
  assert.deepEqual(second, first);
  assert.deepEqual(ale.getScreen(), screen);

  const other = await loaded("seaquest", { repeat_action_probability: 0.25, random_seed: 99 });
  other.restoreState(state);
  assert.deepEqual(run(other, actions.slice(100)), first);
});

test("restoreState rejects foreign states", async () => {
  const pong = await loaded("pong");
  const seaquest = await loaded("seaquest");
  assert.throws(() => pong.restoreState(seaquest.cloneState()), /load that ROM before restoring/);
  const state = pong.cloneState();
  assert.throws(() => pong.restoreState(state.subarray(0, 100)), /pass bytes returned by cloneState/);
});

test("frame_skip sums rewards over frames", async () => {
  const skipping = await loaded("pong", { frame_skip: 4 });
  const single = await loaded("pong");
  const actions = randomActions(300, skipping.getMinimalActionSet(), 5);
  for (const action of actions) {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += single.act(action);
    assert.equal(skipping.act(action), sum);
  }
  assert.equal(skipping.getFrameNumber(), 1200);
  assert.deepEqual(skipping.getRAM(), single.getRAM());
});

test("sticky actions are seeded and deterministic", async () => {
  const settings = { repeat_action_probability: 0.25, random_seed: 7 };
  const a = await loaded("breakout", settings);
  const b = await loaded("breakout", settings);
  const c = await loaded("breakout", { ...settings, random_seed: 8 });
  const actions = randomActions(500, a.getMinimalActionSet(), 21);
  const runA = run(a, actions);
  assert.deepEqual(run(b, actions), runA);
  assert.notDeepEqual(run(c, actions), runA);
});

test("repeat probability 1 keeps NOOP", async () => {
  const sticky = await loaded("pong", { repeat_action_probability: 1 });
  const noop = await loaded("pong");
  const actions = randomActions(200, [3, 4, 11, 12], 9);
  assert.deepEqual(
    run(sticky, actions),
    run(noop, actions.map(() => Action.NOOP)),
  );
});

test("max_num_frames_per_episode truncates", async () => {
  const ale = await loaded("pong", { max_num_frames_per_episode: 100 });
  let steps = 0;
  while (!ale.gameOver() && steps < 1000) {
    ale.act(Action.RIGHT);
    steps++;
  }
  assert.equal(steps, 100);
  assert.equal(ale.getEpisodeFrameNumber(), 100);
  assert.equal(ale.gameTruncated(), true);
  assert.equal(ale.gameOver(false), false);
  assert.equal(ale.act(Action.RIGHT), 0);
  assert.equal(ale.getFrameNumber(), 100, "act emulates nothing once over");
  ale.resetGame();
  assert.equal(ale.getEpisodeFrameNumber(), 0);
  assert.equal(ale.getFrameNumber(), 100);
  assert.equal(ale.gameOver(), false);
});

test("unknown ROM runs with a warning", async (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const image = rom("pong");
  image[100] ^= 0xff;
  const ale = await ALEInterface.create();
  ale.loadROM(image);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /not a game ALE supports/);
  assert.equal(ale.getMinimalActionSet().length, 18);
  for (let i = 0; i < 50; i++) assert.equal(ale.act(i % 18), 0);
  assert.equal(ale.gameOver(), false);
});

test("interfaces share one module", async () => {
  const a = await loaded("pong");
  const b = await loaded("pong");
  assert.equal(a.core, b.core);
  a.dispose();
  b.act(Action.FIRE);
  assert.throws(() => a.act(Action.FIRE), /was disposed: create a new one/);
  assert.throws(() => a.setInt("frame_skip", 2), /was disposed/);
});

test("actBatch matches one act per interface", async () => {
  const games = ["pong", "breakout", "seaquest"];
  const batched = await Promise.all(games.map((game) => loaded(game)));
  const single = await Promise.all(games.map((game) => loaded(game)));
  const rewards = new Int32Array(3);
  const over = new Uint8Array(3);
  for (let step = 0; step < 200; step++) {
    const actions = batched.map((ale, i) => ale.getMinimalActionSet()[(step + i) % 4]);
    ALEInterface.actBatch(batched, actions, rewards, over);
    for (let i = 0; i < 3; i++) {
      assert.equal(rewards[i], single[i].act(actions[i]));
      assert.equal(over[i], single[i].gameOver() ? 1 : 0);
    }
  }
  for (let i = 0; i < 3; i++) assert.deepEqual(batched[i].getRAM(), single[i].getRAM());
  assert.throws(() => ALEInterface.actBatch(batched, [0, 0]), /pass one action and one reward slot/);
  assert.throws(() => ALEInterface.actBatch(batched, [0, 0, 99]), /invalid action id 99/);
});
