// Checks that the committed Windfall binary, its settings and its RAM
// annotation table agree with the assembly source.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cart = (name: string) => join(root, "cart", name);
const binary = readFileSync(cart("windfall.bin"));
const settings = JSON.parse(readFileSync(cart("windfall.game.json"), "utf8"));
const annotations = JSON.parse(
  readFileSync(cart("windfall.annotations.json"), "utf8"),
);
const hasDasm = spawnSync("dasm", [], { stdio: "ignore" }).error === undefined;

// Label in the annotation table -> RAM variable in cart/windfall.asm.
const LABEL_VARIABLES: Record<string, string> = {
  player_x: "PlayerX",
  player_y: "PlayerY",
  apple_x: "AppleX",
  apple_y: "AppleY",
  ball_x: "StoneX",
  ball_y: "StoneY",
  score_high: "ScoreHi",
  score_low: "ScoreLo",
  lives: "Lives",
  level: "Level",
  catch_count: "CatchCount",
};

interface Assembled {
  bytes: Buffer;
  symbols: Map<string, number>;
}

function assemble(): Assembled {
  const dir = mkdtempSync(join(tmpdir(), "windfall-"));
  try {
    const out = join(dir, "windfall.bin");
    const sym = join(dir, "windfall.sym");
    const result = spawnSync(
      "dasm",
      [cart("windfall.asm"), "-f3", "-S", "-R", `-o${out}`, `-s${sym}`],
      { encoding: "utf8" },
    );
    assert.equal(result.status, 0, `dasm failed:\n${result.stdout}`);
    return { bytes: readFileSync(out), symbols: parseSymbols(readFileSync(sym, "utf8")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// dasm's symbol file: one "name value flags" line per symbol, value in hex.
function parseSymbols(text: string): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\S+)\s+([0-9a-f]+)\b/.exec(line);
    if (match) symbols.set(match[1], parseInt(match[2], 16));
  }
  return symbols;
}

test("committed binary equals dasm output", { skip: !hasDasm && "dasm not installed" }, () => {
  const { bytes } = assemble();
  assert.equal(bytes.length, binary.length);
  assert.ok(bytes.equals(binary), "cart/windfall.bin is stale: run scripts/build-cart.sh");
});

test("annotations match RAM variables", { skip: !hasDasm && "dasm not installed" }, () => {
  const { symbols } = assemble();
  const labels = annotations.games.windfall as Record<string, number>;
  assert.deepEqual(Object.keys(labels).sort(), Object.keys(LABEL_VARIABLES).sort());
  for (const [label, variable] of Object.entries(LABEL_VARIABLES)) {
    const address = symbols.get(variable);
    assert.notEqual(address, undefined, `no symbol ${variable}`);
    assert.equal(labels[label], address! - 0x80, `RAM index of ${label}`);
  }
});

test("settings describe the binary", () => {
  const md5 = createHash("md5").update(binary).digest("hex");
  assert.equal(settings.md5, md5, "update md5 in cart/windfall.game.json");
  assert.equal(settings.rom_bytes, binary.length);
  assert.equal(binary.length, 4096);
});

test("settings use annotated RAM", () => {
  const labels = annotations.games.windfall;
  assert.deepEqual(settings.score.bytes_low_to_high, [labels.score_low, labels.score_high]);
  assert.equal(settings.terminal.lives_source, `RAM[${labels.lives}]`);
});

test("vectors point into the cartridge", () => {
  const reset = binary.readUInt16LE(0xffc);
  const irq = binary.readUInt16LE(0xffe);
  assert.ok(reset >= 0xf000, `reset vector ${reset.toString(16)}`);
  assert.equal(irq, reset);
  // The reset routine starts with SEI, CLD.
  assert.equal(binary[reset - 0xf000], 0x78);
  assert.equal(binary[reset - 0xf000 + 1], 0xd8);
});
