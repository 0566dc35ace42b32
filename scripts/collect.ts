// Collects AtariARI episodes with a random agent and saves them as a dataset.
//
//   node --import tsx scripts/collect.ts --game pong --steps 50000 --out data/pong.aari
//
// Run with --help for every option.
import { parseArgs } from "node:util";
import { getEpisodes } from "../src/atariari/collect.ts";
import { exportNpy, makeDataset, saveDataset } from "../src/atariari/dataset.ts";
import { totalFrames } from "../src/atariari/episodes.ts";
import { openAtariVectorEnv } from "../src/env/node.ts";

const HELP = `Usage: node --import tsx scripts/collect.ts --game GAME --out FILE [options]

Collects frames and AtariARI labels with a random agent (actions 1..n-1),
as the AtariARI code's get_episodes does, and saves the splits.

  --game GAME               game: pong, ms_pacman, PongNoFrameskip-v4, MsPacman, ...
  --out FILE                dataset file to write (written atomically)
  --steps N                 environment steps in total (default 50000)
  --seed N                  seed of environments, agent and split (default 42)
  --num-envs N              copies stepped together (default 8)
  --threads N               threads that step copies, this one included (default 1)
  --mode probe|encoder      70/10/20 train/validation/test or 80/20 (default probe)
  --min-episode-length N    drop episodes of N frames or fewer (default 64)
  --entropy-threshold X     drop labels under X nats (default 0.6)
  --no-shuffle              split in collection order, as the AtariARI code does
  --downsample              84x84 frames instead of 210x160
  --color                   RGB frames instead of grey
  --rom PATH                ROM file (its MD5 must be the game's)
  --rom-dir DIR             folder to search for the ROM first
  --npy DIR                 also export NumPy .npy files to DIR
`;

const { values } = parseArgs({
  options: {
    game: { type: "string" },
    out: { type: "string" },
    steps: { type: "string", default: "50000" },
    seed: { type: "string", default: "42" },
    "num-envs": { type: "string", default: "8" },
    threads: { type: "string", default: "1" },
    mode: { type: "string", default: "probe" },
    "min-episode-length": { type: "string", default: "64" },
    "entropy-threshold": { type: "string", default: "0.6" },
    "no-shuffle": { type: "boolean", default: false },
    downsample: { type: "boolean", default: false },
    color: { type: "boolean", default: false },
    rom: { type: "string" },
    "rom-dir": { type: "string" },
    npy: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function integer(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`invalid --${name} ${JSON.stringify(text)}: expected an integer >= ${min}`);
  }
  return value;
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!values.game || !values.out) throw new Error("missing --game or --out; see --help");
  if (values.mode !== "probe" && values.mode !== "encoder") {
    throw new Error(`invalid --mode ${JSON.stringify(values.mode)}: expected probe or encoder`);
  }
  const settings = {
    steps: integer("steps", values.steps!, 1),
    seed: integer("seed", values.seed!, 0),
    numEnvs: integer("num-envs", values["num-envs"]!, 1),
    threads: integer("threads", values.threads!, 1),
    mode: values.mode as "probe" | "encoder",
    minEpisodeLength: integer("min-episode-length", values["min-episode-length"]!, 0),
    entropyThreshold: Number(values["entropy-threshold"]),
    shuffle: !values["no-shuffle"],
    downsample: values.downsample!,
    color: values.color!,
  };
  const { vec, rom } = await openAtariVectorEnv({
    game: values.game,
    rom: values.rom,
    romDir: values["rom-dir"],
    numEnvs: settings.numEnvs,
    threads: settings.threads,
    downsample: settings.downsample,
    color: settings.color,
  });
  console.log(`${rom.known.name}: ROM ${rom.path} (MD5 ${rom.md5}), ${settings.numEnvs} copies, ${settings.threads} thread(s)`);
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  let lastReport = started;
  try {
    const result = await getEpisodes(vec, {
      ...settings,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastReport < 5000 && done < total) return;
        lastReport = now;
        const rate = done / ((now - started) / 1000);
        console.log(`steps ${done}/${total}  ${rate.toFixed(0)} steps/s`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(startedCpu);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const dataset = makeDataset(
      {
        game: rom.known.name,
        romMd5: rom.md5,
        seed: settings.seed,
        settings: { ...settings, collector: "random_agent", env: `${values.game} (NoFrameskip-v4 wrappers)` },
        versions: { package: process.env.npm_package_version ?? "unknown", ale: "0.12.1 behaviour" },
        entropies: result.entropies,
        droppedLabels: result.droppedLabels,
        duplicatesRemoved: result.duplicatesRemoved,
      },
      { train: result.train, validation: result.validation, test: result.test },
    );
    saveDataset(dataset, values.out);
    console.log(
      `collected ${settings.steps} steps in ${seconds.toFixed(1)} s (${(settings.steps / seconds).toFixed(0)} steps/s), ` +
        `${cpuSeconds.toFixed(1)} CPU s (${(settings.steps / cpuSeconds).toFixed(0)} steps per CPU-second, ` +
        `all threads); episodes ${result.episodesCollected}, kept ${result.episodesKept}`,
    );
    console.log(
      `frames: train ${totalFrames(result.train)}, validation ${totalFrames(result.validation)}, ` +
        `test ${totalFrames(result.test)} (${result.duplicatesRemoved} duplicates removed)`,
    );
    console.log(`labels kept: ${result.train.labelNames.join(", ")}`);
    if (result.droppedLabels.length) console.log(`labels under the entropy threshold: ${result.droppedLabels.join(", ")}`);
    console.log(`wrote ${values.out}`);
    if (values.npy) console.log(`wrote ${exportNpy(dataset, values.npy).length} files to ${values.npy}`);
  } finally {
    await vec.close();
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
