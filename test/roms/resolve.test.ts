import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { aleGameName, checkEnvironmentId, gymGameName, knownRomByMd5 } from "../../src/roms/games.ts";
import { KNOWN_ROMS } from "../../src/roms/known-roms.ts";
import { md5Hex } from "../../src/roms/md5.ts";
import { checkRomFile, resolveRom } from "../../src/roms/resolve.ts";
import { sharedPath } from "../env/helpers.ts";

const romsDir = sharedPath("roms");
const scratch = mkdtempSync(join(tmpdir(), "roms-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const PONG_MD5 = "60e0ea3cbe0913d39803477945e9e5ec";

test("known ROM table matches manifest", () => {
  const manifest = readFileSync(join(romsDir, "MANIFEST.tsv"), "utf8").trim().split("\n").slice(1);
  assert.equal(KNOWN_ROMS.length, 104);
  assert.equal(manifest.length, 104);
  for (const line of manifest) {
    const [file, bytes, md5] = line.split("\t");
    const rom = KNOWN_ROMS.find((entry) => `${entry.name}.bin` === file);
    assert.ok(rom, file);
    assert.equal(rom.md5, md5, file);
    assert.equal(rom.bytes, Number(bytes), file);
  }
});

test("md5 of shared ROMs", () => {
  for (const rom of KNOWN_ROMS.slice(0, 30)) {
    const bytes = readFileSync(join(romsDir, `${rom.name}.bin`));
    assert.equal(md5Hex(bytes), createHash("md5").update(bytes).digest("hex"), rom.name);
    assert.equal(md5Hex(bytes), rom.md5, rom.name);
  }
});

test("game names in all forms", () => {
  const cases: [string, string][] = [
    ["pong", "pong"],
    ["PongNoFrameskip-v4", "pong"],
    ["MsPacman", "ms_pacman"],
    ["mspacman", "ms_pacman"],
    ["ms_pacman", "ms_pacman"],
    ["MsPacmanDeterministic-v4", "ms_pacman"],
    ["ALE/MontezumaRevenge-v5", "montezuma_revenge"],
    ["battlezone", "battle_zone"],
    ["VideoPinballNoFrameskip-v4", "video_pinball"],
  ];
  for (const [name, expected] of cases) assert.equal(aleGameName(name), expected, name);
  assert.equal(gymGameName("ms_pacman"), "MsPacman");
  assert.throws(() => aleGameName("Pongg"), /unknown game "Pongg"/);
});

test("resolve from rom dir", () => {
  const found = resolveRom({ game: "PongNoFrameskip-v4", romDir: romsDir, env: {}, searchAlePy: false });
  assert.equal(found.md5, PONG_MD5);
  assert.equal(found.known.name, "pong");
  assert.equal(found.bytes.length, 2048);
});

test("resolve from environment variable", () => {
  const found = resolveRom({
    game: "breakout",
    env: { ALE_ROMS_DIR: ["/nonexistent", romsDir].join(":") },
    searchAlePy: false,
  });
  assert.equal(found.path, join(romsDir, "breakout.bin"));
});

test("resolve renamed file by md5", () => {
  const folder = mkdtempSync(join(scratch, "renamed-"));
  copyFileSync(join(romsDir, "pong.bin"), join(folder, "Video Olympics.a26"));
  const found = resolveRom({ game: "pong", romDir: folder, env: {}, searchAlePy: false });
  assert.equal(found.path, join(folder, "Video Olympics.a26"));
});

test("rom path with wrong game rejected", () => {
  assert.throws(
    () => resolveRom({ game: "breakout", rom: join(romsDir, "pong.bin") }),
    (error: Error) =>
      error.message.includes(PONG_MD5) &&
      error.message.includes("ROM of pong") &&
      error.message.includes(KNOWN_ROMS.find((rom) => rom.name === "breakout")!.md5),
  );
});

test("wrong game error suggests --game", () => {
  assert.throws(
    () => resolveRom({ game: "breakout", rom: join(romsDir, "pong.bin") }),
    /pass --game pong to use this file/,
  );
});

test("environment ids other than NoFrameskip-v4 rejected", () => {
  for (const accepted of ["pong", "Pong", "ms_pacman", "MsPacman", "PongNoFrameskip-v4", "MsPacmanNoFrameskip-v4"]) {
    assert.doesNotThrow(() => checkEnvironmentId(accepted), accepted);
  }
  for (const rejected of ["Pong-v4", "PongDeterministic-v4", "ALE/Pong-v5", "PongNoFrameskip-v0", "MsPacman-v0"]) {
    assert.throws(() => checkEnvironmentId(rejected), /NoFrameskip-v4/, rejected);
  }
  assert.throws(() => checkEnvironmentId("ALE/MsPacman-v5"), /pass ms_pacman or MsPacmanNoFrameskip-v4/);
});

test("unknown md5 rejected with expected md5", () => {
  const path = join(scratch, "pong.bin");
  const bytes = readFileSync(join(romsDir, "pong.bin"));
  bytes[100] ^= 0xff;
  writeFileSync(path, bytes);
  assert.throws(
    () => resolveRom({ game: "pong", rom: path }),
    (error: Error) => error.message.includes(`needs MD5 ${PONG_MD5}`) && error.message.includes("not a ROM ALE supports"),
  );
  assert.throws(() => checkRomFile(path), /matches none of the ROMs/);
  // A modified file named like the game is skipped in a folder search.
  assert.throws(
    () => resolveRom({ game: "pong", romDir: scratch, env: {}, searchAlePy: false }),
    /ROM for pong not found \(expected pong.bin with MD5 60e0ea3cbe0913d39803477945e9e5ec\)/,
  );
});

test("rom path identifies game", () => {
  const found = resolveRom({ rom: join(romsDir, "ms_pacman.bin") });
  assert.equal(found.known.name, "ms_pacman");
  assert.equal(knownRomByMd5(found.md5)?.name, "ms_pacman");
  assert.throws(() => resolveRom({}), /missing game/);
  assert.throws(() => resolveRom({ rom: "/nonexistent.bin" }), /ROM file not found: \/nonexistent.bin/);
});

test("resolve from ale-py install", () => {
  const venv = mkdtempSync(join(scratch, "venv-"));
  const roms = join(venv, "lib", "python3.11", "site-packages", "ale_py", "roms");
  mkdirSync(roms, { recursive: true });
  copyFileSync(join(romsDir, "freeway.bin"), join(roms, "freeway.bin"));
  const found = resolveRom({ game: "Freeway", env: { VIRTUAL_ENV: venv } });
  assert.equal(found.path, join(roms, "freeway.bin"));
});
