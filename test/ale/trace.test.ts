// Bit-exact parity with ALE 0.12.1: every shared reference trace is replayed
// and must match RAM, screen hash, reward, lives, game over, frame counters
// and the full screens it stores, at every record.

import assert from "node:assert/strict";
import { test } from "node:test";
import { join } from "node:path";
import { TRACE_DIR, gameOfTrace, listTraces, readTrace, replayTrace } from "./trace-replay.ts";

// Games that do not replay bit-exact yet, with the first mismatch seen.
// A game listed here that starts to match is reported so it can be removed.
const NOT_EXACT_YET: Record<string, string> = {};

// The AtariARI games and Tetris, then one game per special case of ALE's
// other games (PAL, DPC, Superchip RAM, paddles, swapped ports, ...).
const traces = [...listTraces(TRACE_DIR), ...listTraces(join(TRACE_DIR, "all-games"))];

test("reference traces are present", () => {
  assert.ok(traces.length >= 39, `expected 23 + 16 traces in ${TRACE_DIR}, found ${traces.length}`);
});

for (const path of traces) {
  const game = gameOfTrace(path);
  const known = NOT_EXACT_YET[game];
  test(`trace ${game}`, { todo: known }, async (t) => {
    const mismatch = await replayTrace(readTrace(path));
    if (known !== undefined && mismatch === null) {
      t.diagnostic(`${game} now replays bit-exact: remove it from NOT_EXACT_YET`);
    }
    if (mismatch !== null) t.diagnostic(mismatch.details);
    assert.equal(mismatch?.details ?? null, null, `${game} differs from ALE`);
  });
}
