import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ALEInterface } from "../../src/ale/index.ts";
import { NTSC_PALETTE } from "../../src/env/palettes.ts";
import type { GrayBatchExports } from "../../src/env/vector-batch.ts";
import { grayOfMaxTable, loadGrayTable } from "../../src/env/wrappers/palette-max.ts";
import { sharedPath } from "./helpers.ts";

const PIXELS = 210 * 160;
const table = grayOfMaxTable(NTSC_PALETTE);

/** Creates one ms_pacman machine in a batch of capacity 1 with grey output. */
async function msPacmanBatch() {
  const ale = await ALEInterface.create();
  ale.setFloat("repeat_action_probability", 0);
  ale.setInt("frame_skip", 1);
  ale.loadROM(new Uint8Array(readFileSync(sharedPath("roms/ms_pacman.bin"))));
  const exports = (ale as unknown as { core: { exports: GrayBatchExports } }).core.exports;
  const aleId = (ale as unknown as { id: number }).id;
  loadGrayTable(exports, NTSC_PALETTE);
  const id = exports.envBatchCreate(1, 4, 1);
  assert.equal(exports.envBatchAdd(id, aleId), 1);
  const actions = ale.getMinimalActionSet();
  return {
    ale,
    exports,
    id,
    /** Runs one batch step of up to `limit` frames and returns the frames run, both slots and the grey. */
    step(action: number, limit: number) {
      new Int32Array(exports.memory.buffer, exports.envBatchActions(id), 1)[0] = actions[action];
      new Int32Array(exports.memory.buffer, exports.envBatchLimits(id), 1)[0] = limit;
      exports.envBatchStep(id);
      const screens = exports.envBatchScreens(id);
      return {
        done: new Int32Array(exports.memory.buffer, exports.envBatchFramesDone(id), 1)[0],
        third: new Uint8Array(exports.memory.buffer, screens, PIXELS).slice(),
        fourth: new Uint8Array(exports.memory.buffer, screens + PIXELS, PIXELS).slice(),
        gray: new Uint8Array(exports.memory.buffer, screens + 2 * PIXELS, PIXELS).slice(),
      };
    },
    /** Emulates `frames` frames with `act()`, changing the action every 4. */
    play(frames: number, offset: number) {
      for (let f = 0; f < frames; f++) ale.act(actions[1 + (((f >> 2) + offset) % (actions.length - 1))]);
    },
    slots(): Uint8Array {
      return new Uint8Array(exports.memory.buffer, exports.envBatchScreens(id), 2 * PIXELS);
    },
  };
}

function grayOfMax(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Uint8Array.from(a, (x, p) => table[(x << 8) | b[p]]);
}

/**
 * Counts the pixels where a grey left from step `first` would be wrong
 * after step `full`: frame 4 is the same in both steps, yet the grey of the
 * old frame 3 with it differs from `expected`.
 */
function staleGrayPixels(
  first: { third: Uint8Array; fourth: Uint8Array },
  full: { fourth: Uint8Array },
  expected: Uint8Array,
): number {
  const stale = grayOfMax(first.third, full.fourth);
  let count = 0;
  for (let p = 0; p < PIXELS; p++) {
    if (full.fourth[p] === first.fourth[p] && stale[p] !== expected[p]) count++;
  }
  return count;
}

function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  return actual.findIndex((value, p) => value !== expected[p]);
}

/**
 * Plays ms_pacman to two states 400 frames apart, then takes a full step
 * from the earlier one and checks its grey. The tests step from the later
 * state next, whose frames differ from the first step's.
 */
async function stepBeforeLaterState() {
  const batch = await msPacmanBatch();
  batch.play(300, 0);
  const early = batch.ale.cloneState();
  batch.play(400, 3);
  const late = batch.ale.cloneState();
  batch.ale.restoreState(early);
  const first = batch.step(2, 4);
  assert.equal(first.done, 4);
  assert.equal(firstDifference(first.gray, grayOfMax(first.third, first.fourth)), -1, "first step");
  return { batch, late, first };
}

test("batch grey after a cut-off step", async () => {
  // A step cut off after frame 3 writes slot 0 without the grey. The next
  // full step must not keep the old grey where its frames equal the slots.
  const { batch, late, first } = await stepBeforeLaterState();

  batch.ale.restoreState(late);
  const cut = batch.step(1, 3);
  assert.equal(cut.done, 3);
  assert.deepEqual(cut.fourth, first.fourth, "slot 1 keeps the frame of the step before");

  batch.ale.restoreState(late);
  const full = batch.step(1, 4);
  assert.equal(full.done, 4);
  assert.deepEqual(full.third, cut.third, "the same frame 3 as the cut-off step");
  // Pixels where an out-of-date grey would show: frame 3 changed between
  // the first step and the cut-off one, frame 4 did not, and the grey differs.
  const expected = grayOfMax(full.third, full.fourth);
  assert.ok(
    staleGrayPixels(first, full, expected) > 0,
    "the two game states differ where an old grey would remain",
  );
  assert.equal(firstDifference(full.gray, expected), -1, "full step after the cut-off one");
  batch.exports.envBatchDestroy(batch.id);
});

test("batch grey after host writes slots", async () => {
  // The host (MaxAndSkip outside a batched step) writes a slot itself and
  // reports it, so the next step recomputes the grey even where its frames
  // equal the slots.
  const { batch, late, first } = await stepBeforeLaterState();

  batch.ale.restoreState(late);
  batch.play(3, 0);
  batch.slots().set(batch.ale.getScreen(), 0);
  batch.exports.envBatchSlotsWritten(batch.id, 0);

  batch.ale.restoreState(late);
  const full = batch.step(1, 4);
  assert.deepEqual(full.third, batch.slots().slice(0, PIXELS));
  const expected = grayOfMax(full.third, full.fourth);
  assert.ok(
    staleGrayPixels(first, full, expected) > 0,
    "the two game states differ where an old grey would remain",
  );
  assert.equal(firstDifference(full.gray, expected), -1, "step after the host's write");
  batch.exports.envBatchDestroy(batch.id);
});

test("batch grey follows many steps", async () => {
  // Each full step updates only the blocks that changed since the last one.
  const batch = await msPacmanBatch();
  batch.play(250, 0);
  for (let t = 0; t < 120; t++) {
    const result = batch.step(1 + (t % 4), 4);
    assert.equal(result.done, 4);
    const expected = grayOfMax(result.third, result.fourth);
    assert.equal(firstDifference(result.gray, expected), -1, `step ${t}`);
  }
  batch.exports.envBatchDestroy(batch.id);
});

test("batch slots match screens", async () => {
  // Slot 0 and 1 hold the screens after frames 3 and 4 of the step, as a
  // replay with act() and getScreen() shows.
  const batch = await msPacmanBatch();
  batch.play(280, 0);
  const state = batch.ale.cloneState();
  const result = batch.step(3, 4);
  batch.ale.restoreState(state);
  const action = batch.ale.getMinimalActionSet()[3];
  const screens: Uint8Array[] = [];
  for (let f = 0; f < 4; f++) {
    batch.ale.act(action);
    screens.push(batch.ale.getScreen());
  }
  assert.deepEqual(result.third, screens[2]);
  assert.deepEqual(result.fourth, screens[3]);
  batch.exports.envBatchDestroy(batch.id);
});
