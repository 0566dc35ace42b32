import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { JsonLinesLog } from "../../src/cli/log.ts";
import { formatDuration, ProgressBar } from "../../src/cli/progress.ts";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

test("bar shows rate and ETA", () => {
  let now = 0;
  const bar = new ProgressBar(stream(true), "collect", 1000, "frames", () => now);
  now = 2000;
  bar.tick(250);
  assert.equal(
    bar.render(now),
    "collect [######..................]  25% 250/1000 frames 125 frames/s ETA 0:06",
  );
});

test("terminal bar redraws in place", () => {
  let now = 0;
  const out = stream(true);
  const bar = new ProgressBar(out, "train", 10, "epochs", () => now);
  now = 500;
  bar.tick(1);
  now = 520;
  bar.tick(1); // within 100 ms of the last draw: not drawn
  now = 1000;
  bar.finish();
  assert.equal(out.writes.length, 2);
  assert.ok(out.writes[0].startsWith("\rtrain ["));
  assert.equal(out.writes[1], "\rtrain: 2/10 epochs in 0:01 (2.0 epochs/s)\x1b[K\n");
});

test("plain output has start and end lines", () => {
  let now = 0;
  const out = stream(false);
  const bar = new ProgressBar(out, "collect", 100, "frames", () => now);
  for (let i = 0; i < 100; i++) {
    now += 10;
    bar.tick(1);
  }
  bar.finish("3 episodes kept");
  assert.deepEqual(out.writes, [
    "collect: 100 frames\n",
    "collect: 100/100 frames in 0:01 (100 frames/s), 3 episodes kept\n",
  ]);
});

test("slow rates keep two digits", () => {
  let now = 0;
  const out = stream(false);
  const bar = new ProgressBar(out, "train", 2, "epochs", () => now);
  bar.tick(2);
  now = 700_000;
  bar.finish();
  assert.match(out.writes[1], /\(0\.0029 epochs\/s\)/);
});

test("duration formats", () => {
  assert.equal(formatDuration(0), "0:00");
  assert.equal(formatDuration(61.4), "1:01");
  assert.equal(formatDuration(3725), "1:02:05");
  assert.equal(formatDuration(NaN), "--:--");
  assert.equal(formatDuration(Infinity), "--:--");
});

test("log appends one JSON object per line", () => {
  const dir = mkdtempSync(join(tmpdir(), "log-"));
  try {
    const log = new JsonLinesLog(dir, () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    log.write("start", { game: "windfall" });
    log.write("epoch", { loss: 1.5 });
    const lines = readFileSync(join(dir, "log.jsonl"), "utf8").split("\n");
    assert.equal(lines.length, 3);
    assert.equal(lines[2], "");
    assert.deepEqual(JSON.parse(lines[0]), { time: "2024-01-02T03:04:05.000Z", event: "start", game: "windfall" });
    assert.deepEqual(JSON.parse(lines[1]), { time: "2024-01-02T03:04:05.000Z", event: "epoch", loss: 1.5 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
