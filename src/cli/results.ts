// The results.json file the main job writes and `atariari report` reads.

import { CliError } from "./errors.ts";

/** Test scores of one label's probe. */
export interface LabelScore {
  f1: number;
  accuracy: number;
}

/** One epoch of a training run. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Validation accuracy, for probes. */
  valAccuracy?: number;
  /** Training throughput in samples per second. */
  samplesPerSecond?: number;
}

/** Everything one method produced. */
export interface MethodResults {
  /** Test scores per label that survived the entropy filter. */
  labels: Record<string, LabelScore>;
  /** Encoder training curve; empty for methods without an encoder. */
  encoderEpochs: EpochRecord[];
  /** Checkpoint file name in the output folder, or null. */
  checkpoint: string | null;
  /**
   * The reference's flat result dictionaries (`{label}_f1`,
   * `{category}_avg_f1`, `overall_avg_f1`, `across_categories_avg_f1`, and
   * the same with `_acc`), so its tables can be rebuilt from this file.
   */
  referenceF1?: Record<string, number>;
  referenceAccuracy?: Record<string, number>;
}

/** Contents of results.json. */
export interface Results {
  format: "atariari-results/1";
  /** ALE game name, for example "pong" or "windfall". */
  game: string;
  rom: { path: string; md5: string; bytes: number };
  /** Resolved options of the run. */
  config: Record<string, unknown>;
  /** Package, Node and other versions. */
  versions: Record<string, string>;
  /** WebGPU adapter description, or null when none was used. */
  adapter: Record<string, string> | null;
  /** Wall-clock seconds per stage. */
  timings: Record<string, number>;
  dataset: {
    trainFrames: number;
    validationFrames: number;
    testFrames: number;
    episodes: number;
    labelsKept: string[];
    labelsDropped: string[];
  };
  methods: Record<string, MethodResults>;
}

/** Checks the shape of parsed results.json; errors name the file and field. */
export function validateResults(data: unknown, source: string): Results {
  const fail = (what: string): never => {
    throw new CliError(`invalid results file ${source}: ${what}`, 1);
  };
  if (typeof data !== "object" || data === null) fail("expected a JSON object");
  const results = data as Results;
  if (results.format !== "atariari-results/1") {
    fail(`format is ${JSON.stringify(results.format)}, expected "atariari-results/1"`);
  }
  if (typeof results.game !== "string") fail("missing game");
  if (typeof results.methods !== "object" || results.methods === null) fail("missing methods");
  for (const [method, entry] of Object.entries(results.methods)) {
    if (typeof entry?.labels !== "object") fail(`method ${method} has no labels`);
    for (const [label, score] of Object.entries(entry.labels)) {
      if (typeof score?.f1 !== "number" || typeof score?.accuracy !== "number") {
        fail(`label ${label} of method ${method} needs numeric f1 and accuracy`);
      }
    }
    if (!Array.isArray(entry.encoderEpochs)) fail(`method ${method} has no encoderEpochs list`);
  }
  return results;
}
