// Collects AtariARI episodes of one game, runs majority, random-cnn and
// ST-DIM (and, with --methods, supervised or the ST-DIM ablations) on them and prints the across-categories F1 of each beside the
// published figures (Anand et al. 2019, 22-game table).
//
//   node --import tsx bench/probe-methods.ts --game pong --steps 6000 \
//     [--downsample] [--encoder-epochs 3] [--probe-epochs 30] [--lr 3e-4] [--out FILE.json]
//
// The scale is far below the paper's (50k+ frames, 100 epochs): it checks
// that the pipeline learns, not the published numbers.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { getEpisodes } from "../src/atariari/collect.ts";
import { openAtariVectorEnv } from "../src/env/node.ts";
import { Gpu } from "../src/gpu/index.ts";
import { runMethod, type MethodName, type MethodResult } from "../src/probe/experiment.ts";

const { values } = parseArgs({
  options: {
    game: { type: "string", default: "pong" },
    steps: { type: "string", default: "6000" },
    seed: { type: "string", default: "1" },
    "num-envs": { type: "string", default: "4" },
    downsample: { type: "boolean", default: false },
    "encoder-epochs": { type: "string", default: "3" },
    "probe-epochs": { type: "string", default: "30" },
    batch: { type: "string", default: "64" },
    lr: { type: "string", default: "3e-4" },
    methods: { type: "string", default: "majority,random-cnn,infonce-stdim" },
    out: { type: "string" },
    "rom-dir": { type: "string", default: new URL("../../shared/roms", import.meta.url).pathname },
  },
});

const published = JSON.parse(readFileSync(new URL("../../shared/atariari/published-results.json", import.meta.url), "utf8"));
const log = (line: string) => console.log(`  ${line}`);
const seed = Number(values.seed);
const started = performance.now();
const { vec, rom } = await openAtariVectorEnv({ game: values.game!, romDir: values["rom-dir"], numEnvs: Number(values["num-envs"]), downsample: values.downsample });
const splits = await getEpisodes(vec, { steps: Number(values.steps), seed, mode: "probe" });
await vec.close();
const count = (set: typeof splits.train) => set.episodes.reduce((a, e) => a + e.length, 0);
console.log(
  `${rom.known.name}: ${Number(values.steps)} steps in ${((performance.now() - started) / 1000).toFixed(0)} s; frames ` +
    `train ${count(splits.train)}, validation ${count(splits.validation)}, test ${count(splits.test)}; ` +
    `labels ${splits.train.labelNames.join(", ")}`,
);

const gpu = await Gpu.create();
const results: MethodResult[] = [];
for (const method of values.methods!.split(",") as MethodName[]) {
  console.log(`${method}:`);
  const result = await runMethod(method, splits, {
    gpu,
    seed,
    batchSize: Number(values.batch),
    encoderEpochs: Number(values["encoder-epochs"]),
    probeEpochs: Number(values["probe-epochs"]),
    lr: Number(values.lr),
    log,
  });
  results.push(result);
  console.log(`  across_categories_avg F1 ${result.f1.acrossCategoriesAvg.toFixed(3)}, ${result.seconds.toFixed(0)} s`);
}
gpu.destroy();

const game = splits.train.labelNames.length ? values.game!.replace("_", "") : values.game!;
console.log(`\n| method | ${game} F1 (ours) | ${game} F1 (published) |`);
console.log("|---|---|---|");
for (const r of results) {
  const paper = published.per_game[game]?.[r.method];
  console.log(`| ${r.method} | ${r.f1.acrossCategoriesAvg.toFixed(3)} | ${paper ?? "n/a"} |`);
}
if (values.out) {
  writeFileSync(values.out, JSON.stringify({ game, settings: values, splits: { train: count(splits.train), validation: count(splits.validation), test: count(splits.test) }, results }, null, 1));
}
