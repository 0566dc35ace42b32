import assert from "node:assert/strict";
import { test } from "node:test";

import { CliError } from "../../src/cli/errors.ts";
import { helpText } from "../../src/cli/help.ts";
import {
  DEFAULTS,
  FLAGS,
  QUICK_PRESET,
  parseArgs,
  parseConfig,
  resolveOptions,
} from "../../src/cli/options.ts";

function errorOf(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CliError, `expected CliError, got ${error}`);
    return error;
  }
  assert.fail("expected an error");
}

test("defaults equal the reference's", () => {
  const options = resolveOptions("run", {});
  assert.equal(options.method, "infonce-stdim");
  assert.equal(options.pretrainingSteps, 100000);
  assert.equal(options.probeSteps, 50000);
  assert.equal(options.batchSize, 64);
  assert.equal(options.lr, 3e-4);
  assert.equal(options.probeLr, 3e-4);
  assert.equal(options.epochs, 100);
  assert.equal(options.patience, 15);
  assert.equal(options.entropyThreshold, 0.6);
  assert.equal(options.seed, 42);
  assert.equal(options.featureSize, 256);
  // The reference's --no-downsample defaults to true: full 210x160 frames.
  assert.equal(options.downsample, false);
  assert.equal(options.color, false);
  assert.equal(options.game, "windfall");
});

test("command defaults to run", () => {
  assert.equal(parseArgs([]).command, "run");
  assert.equal(parseArgs(["--seed", "1"]).command, "run");
  assert.equal(parseArgs(["roms"]).command, "roms");
  assert.equal(parseArgs(["play"]).command, "render");
});

test("flag value forms", () => {
  const { values } = parseArgs([
    "run", "--batch-size", "32", "--lr=0.001", "--color", "--no-downsample",
    "--method", "random-cnn", "--game", "pong",
  ]);
  assert.equal(values.batchSize, 32);
  assert.equal(values.lr, 0.001);
  assert.equal(values.color, true);
  assert.equal(values.downsample, false);
  assert.equal(values.method, "random-cnn");
  assert.equal(values.game, "pong");
});

test("boolean flag takes explicit false", () => {
  assert.equal(parseArgs(["--color=false"]).values.color, false);
  const error = errorOf(() => parseArgs(["--color=yes"]));
  assert.match(error.message, /--color/);
});

test("unknown flag is named with a fix", () => {
  const error = errorOf(() => parseArgs(["run", "--batchsize", "3"]));
  assert.equal(error.exitCode, 2);
  assert.match(error.message, /unknown flag --batchsize/);
  assert.match(error.message, /did you mean --batch-size\?/);
});

test("unknown command lists the commands", () => {
  const error = errorOf(() => parseArgs(["trian"]));
  assert.match(error.message, /unknown command "trian"/);
  assert.match(error.message, /did you mean train\?/);
});

test("invalid values name flag and range", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--batch-size", "0"], /--batch-size; expected an integer >= 1/],
    [["--batch-size", "2.5"], /--batch-size; expected an integer/],
    [["--lr", "0"], /--lr; expected a number > 0/],
    [["--lr", "abc"], /invalid value "abc" for --lr/],
    [["--entropy-threshold", "-1"], /--entropy-threshold; expected a number >= 0/],
    [["--method", "stdim"], /expected one of infonce-stdim, /],
    [["--seed", "4294967296"], /--seed; expected an integer >= 0 and <= 4294967295/],
  ];
  for (const [argv, pattern] of cases) {
    const error = errorOf(() => parseArgs(argv));
    assert.match(error.message, pattern, argv.join(" "));
    assert.equal(error.exitCode, 2);
  }
});

test("missing value is an error", () => {
  assert.match(errorOf(() => parseArgs(["--seed"])).message, /missing value for --seed/);
  assert.match(errorOf(() => parseArgs(["--out", "--quick"])).message, /missing value for --out/);
});

test("flag of another command is rejected", () => {
  const error = errorOf(() => parseArgs(["roms", "--probe-lr", "0.1"]));
  assert.match(error.message, /--probe-lr does not apply to `atariari roms`/);
});

test("stray argument is rejected", () => {
  assert.match(errorOf(() => parseArgs(["run", "pong"])).message, /unexpected argument "pong"/);
});

test("quick preset under explicit values", () => {
  const quick = resolveOptions("run", { quick: true, epochs: 7 });
  assert.equal(quick.epochs, 7);
  assert.equal(quick.pretrainingSteps, QUICK_PRESET.pretrainingSteps);
  assert.equal(quick.probeSteps, QUICK_PRESET.probeSteps);
  assert.ok(quick.pretrainingSteps < DEFAULTS.pretrainingSteps);
});

test("config below command line", () => {
  const config = parseConfig({ "batch-size": 16, probeLr: "0.01", color: true }, "run", "c.json");
  assert.deepEqual(config, { batchSize: 16, probeLr: 0.01, color: true });
  const options = resolveOptions("run", { batchSize: 8 }, config);
  assert.equal(options.batchSize, 8);
  assert.equal(options.probeLr, 0.01);
  assert.equal(options.color, true);
});

test("config quick turns preset on", () => {
  const config = parseConfig({ quick: true }, "run", "c.json");
  assert.equal(resolveOptions("run", {}, config).epochs, QUICK_PRESET.epochs);
});

test("config errors name key and file", () => {
  assert.match(
    errorOf(() => parseConfig({ "batch-sise": 3 }, "run", "c.json")).message,
    /unknown key "batch-sise" in config c\.json; did you mean --batch-size\?/,
  );
  assert.match(
    errorOf(() => parseConfig({ "batch-size": "many" }, "run", "c.json")).message,
    /invalid value "many" for key "batch-size" in config c\.json/,
  );
  assert.match(
    errorOf(() => parseConfig({ color: "yes" }, "run", "c.json")).message,
    /key "color" in config c\.json: expected true or false/,
  );
  assert.match(errorOf(() => parseConfig([1], "run", "c.json")).message, /expected a JSON object/);
});

test("probe defaults encoder into out", () => {
  const options = resolveOptions("probe", { out: "runs/a" });
  assert.equal(options.encoder, "runs/a/encoder.safetensors");
  assert.equal(resolveOptions("probe", { method: "majority" }).encoder, null);
});

test("help explains every flag", () => {
  const text = helpText();
  for (const spec of FLAGS) {
    assert.ok(text.includes(`--${spec.flag}`), `help lacks --${spec.flag}`);
    if (spec.unit) assert.ok(text.includes(`Unit: ${spec.unit}`), `help lacks the unit of --${spec.flag}`);
  }
  assert.match(text, /Default: 100000/);
  assert.match(text, /Default: 0\.0003/);
  assert.match(text, /--quick sets:/);
});

test("command help lists its flags", () => {
  const text = helpText("roms");
  assert.match(text, /atariari roms/);
  assert.ok(text.includes("--rom-dir"));
  assert.ok(!text.includes("--probe-lr"));
});

test("downsample flags and the quick preset", () => {
  assert.equal(resolveOptions("run", {}).downsample, false);
  assert.equal(resolveOptions("run", { quick: true }).downsample, true);
  const undone = parseArgs(["run", "--quick", "--no-downsample"]).values;
  assert.equal(resolveOptions("run", undone).downsample, false);
  assert.equal(parseArgs(["run", "--downsample"]).values.downsample, true);
  assert.deepEqual(parseConfig({ "no-downsample": true }, "run", "c.json"), { downsample: false });
  assert.deepEqual(parseConfig({ downsample: true }, "run", "c.json"), { downsample: true });
});
