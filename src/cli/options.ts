// Flags of the `atariari` command: their names, types, defaults and help,
// the --quick preset, and the merge of defaults, preset, config file and
// command line (later ones win).

import { CliError } from "./errors.ts";

export const COMMANDS = [
  "run",
  "collect",
  "train",
  "probe",
  "report",
  "roms",
  "render",
] as const;

export type Command = (typeof COMMANDS)[number];

export const METHODS = [
  "infonce-stdim",
  "global-infonce-stdim",
  "global-local-infonce-stdim",
  "random-cnn",
  "majority",
  "supervised",
] as const;

export type Method = (typeof METHODS)[number];

/** Resolved settings of one command. */
export interface Options {
  game: string;
  rom: string | null;
  romDir: string | null;
  out: string;
  config: string | null;
  method: Method;
  pretrainingSteps: number;
  probeSteps: number;
  batchSize: number;
  lr: number;
  probeLr: number;
  epochs: number;
  patience: number;
  entropyThreshold: number;
  seed: number;
  featureSize: number;
  downsample: boolean;
  color: boolean;
  endWithRelu: boolean;
  numProcesses: number;
  encoder: string | null;
  frames: number;
  quick: boolean;
  resume: boolean;
  autotune: boolean;
  help: boolean;
}

type FlagType = "string" | "path" | "integer" | "number" | "boolean" | "choice";

/** One command-line flag. */
export interface FlagSpec {
  flag: string;
  key: keyof Options;
  type: FlagType;
  /** Unit of the value, shown in the help. */
  unit?: string;
  help: string;
  choices?: readonly string[];
  /** Smallest valid value of a numeric flag. */
  min?: number;
  /** Whether the minimum itself is invalid (learning rates must be > 0). */
  exclusiveMin?: boolean;
  max?: number;
  /** Whether the flag sets its boolean option to the opposite value (`--no-downsample`). */
  negate?: boolean;
  /** Commands that read the flag; absent means every command. */
  commands?: readonly Command[];
}

const PIPELINE: readonly Command[] = ["run", "collect", "train", "probe"];
const TRAINING: readonly Command[] = ["run", "train", "probe"];
const ENCODER: readonly Command[] = ["run", "train", "probe"];
const WITH_GAME: readonly Command[] = ["run", "collect", "train", "probe", "render"];

export const FLAGS: readonly FlagSpec[] = [
  { flag: "game", key: "game", type: "string", commands: WITH_GAME,
    help: "game to use, by ALE name (pong, ms_pacman) or the reference's name (PongNoFrameskip-v4); windfall is the built-in cartridge" },
  { flag: "rom", key: "rom", type: "path", commands: WITH_GAME,
    help: "ROM file for the game; without it the ROM is looked up in --rom-dir and the usual folders" },
  { flag: "rom-dir", key: "romDir", type: "path",
    help: "folder searched for ROM files, in addition to the usual ones" },
  { flag: "out", key: "out", type: "path",
    help: "output folder for results, checkpoints, plots and the log" },
  { flag: "config", key: "config", type: "path",
    help: "JSON file with flag values, keyed by flag name (\"batch-size\": 32); command-line flags override it" },
  { flag: "method", key: "method", type: "choice", choices: METHODS,
    commands: ["run", "collect", "train", "probe"],
    help: "representation to train and probe; collect gathers pretraining frames only for methods that train an encoder" },
  { flag: "pretraining-steps", key: "pretrainingSteps", type: "integer", min: 1,
    unit: "frames", commands: ["run", "collect", "train"],
    help: "frames collected with a random agent for training the encoder" },
  { flag: "probe-steps", key: "probeSteps", type: "integer", min: 1, unit: "frames",
    commands: ["run", "collect", "probe"],
    help: "frames collected with a random agent for training and testing the probes" },
  { flag: "batch-size", key: "batchSize", type: "integer", min: 1, unit: "samples",
    commands: TRAINING, help: "mini-batch size for encoder and probe training" },
  { flag: "lr", key: "lr", type: "number", min: 0, exclusiveMin: true, commands: TRAINING,
    help: "Adam learning rate of the encoder" },
  { flag: "probe-lr", key: "probeLr", type: "number", min: 0, exclusiveMin: true,
    commands: TRAINING, help: "Adam learning rate of the linear probes" },
  { flag: "epochs", key: "epochs", type: "integer", min: 1, unit: "epochs", commands: TRAINING,
    help: "maximum epochs of encoder training and of probe training" },
  { flag: "patience", key: "patience", type: "integer", min: 1, unit: "epochs",
    commands: TRAINING,
    help: "epochs without validation improvement before early stopping" },
  { flag: "entropy-threshold", key: "entropyThreshold", type: "number", min: 0, unit: "nats",
    commands: PIPELINE,
    help: "labels whose entropy over the collected frames is below this are dropped" },
  { flag: "seed", key: "seed", type: "integer", min: 0, max: 0xffffffff,
    help: "seed of every random choice: environments, agent, splits, initialisation" },
  { flag: "feature-size", key: "featureSize", type: "integer", min: 1, unit: "features",
    commands: ENCODER, help: "size of the encoder's output representation" },
  { flag: "downsample", key: "downsample", type: "boolean", commands: WITH_GAME,
    help: "area-downsample frames to 84x84 before the encoder; off keeps full 210x160 frames, the reference's default" },
  { flag: "no-downsample", key: "downsample", type: "boolean", negate: true, commands: WITH_GAME,
    help: "keep full 210x160 frames (the default; it undoes --downsample from --quick or --config)" },
  { flag: "color", key: "color", type: "boolean", commands: WITH_GAME,
    help: "use RGB frames (3 channels) in place of grayscale" },
  { flag: "end-with-relu", key: "endWithRelu", type: "boolean", commands: ENCODER,
    help: "apply a ReLU after the encoder's last linear layer" },
  { flag: "num-processes", key: "numProcesses", type: "integer", min: 1, max: 1024,
    unit: "environments", commands: ["run", "collect"],
    help: "environment copies stepped together during collection" },
  { flag: "encoder", key: "encoder", type: "path", commands: ["probe"],
    help: "encoder checkpoint (.safetensors) to probe; default: encoder.safetensors in --out" },
  { flag: "frames", key: "frames", type: "integer", min: 1, max: 100000, unit: "frames",
    commands: ["render"], help: "number of frames to render" },
  { flag: "resume", key: "resume", type: "boolean", commands: ["run", "train"],
    help: "continue encoder training from the state that every epoch saves in --out (training-state.safetensors); with the same data and flags the result equals an uninterrupted run" },
  { flag: "autotune", key: "autotune", type: "boolean", commands: ["run", "train"],
    help: "time the kernel variants on this adapter before training and keep the fastest; choices are cached per adapter and shape in the user cache directory (atariari/gpu-tuning.json), so only the first run pays (on a 2-core CPU with lavapipe: about 26 s for 84x84 frames, 35-55 s for 210x160 at batch 64). Tuned runs may differ from untuned ones in the last float bits" },
  { flag: "quick", key: "quick", type: "boolean",
    help: "small preset that finishes in minutes on a CPU-only machine (see below); explicit flags override it" },
  { flag: "help", key: "help", type: "boolean", help: "show this help and exit" },
];

/** Defaults: the reference implementation's values where it has the flag. */
export const DEFAULTS: Readonly<Options> = {
  game: "windfall",
  rom: null,
  romDir: null,
  out: "results",
  config: null,
  method: "infonce-stdim",
  pretrainingSteps: 100_000,
  probeSteps: 50_000,
  batchSize: 64,
  lr: 3e-4,
  probeLr: 3e-4,
  epochs: 100,
  patience: 15,
  entropyThreshold: 0.6,
  seed: 42,
  featureSize: 256,
  downsample: false,
  color: false,
  endWithRelu: false,
  numProcesses: 8,
  encoder: null,
  frames: 16,
  quick: false,
  resume: false,
  autotune: false,
  help: false,
};

// Sized so the encoder visibly learns in a few minutes on a 2-core CPU
// with lavapipe: 8 epochs of about 50 batches on 84x84 frames. The
// encoder's lr is 1e-3, not the reference's 3e-4, because at 3e-4 and this
// scale its loss stays at chance (8.318 to 8.316 in 3 epochs on Windfall).
export const QUICK_PRESET: Readonly<Partial<Options>> = {
  pretrainingSteps: 4_000,
  probeSteps: 2_000,
  epochs: 8,
  patience: 2,
  lr: 1e-3,
  downsample: true,
};

/** A parsed command line before defaults are applied. */
export interface ParsedArgs {
  command: Command;
  /** Values given on the command line, by option key. */
  values: Partial<Options>;
}

/** Returns the spec of `--name`, or undefined. */
export function findFlag(name: string): FlagSpec | undefined {
  return FLAGS.find((spec) => spec.flag === name);
}

/**
 * Parses `argv` (without node and script): an optional command first
 * (default `run`), then `--flag value`, `--flag=value` or boolean
 * `--flag`. Throws CliError on an unknown command, flag or invalid value.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: Command = "run";
  let rest = argv;
  if (argv.length > 0 && !argv[0].startsWith("-")) {
    command = parseCommand(argv[0]);
    rest = argv.slice(1);
  }
  const values: Partial<Options> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith("--") || token === "--") {
      throw new CliError(
        `unexpected argument ${JSON.stringify(token)}; flags start with -- ` +
          `(see atariari ${command} --help)`,
      );
    }
    const equals = token.indexOf("=");
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const spec = lookupFlag(name);
    checkCommand(spec, command);
    let text: string | undefined = equals < 0 ? undefined : token.slice(equals + 1);
    if (spec.type !== "boolean" && text === undefined) {
      text = rest[i + 1];
      if (text === undefined || text.startsWith("--")) {
        throw new CliError(`missing value for --${spec.flag}; ${expected(spec)}`);
      }
      i++;
    }
    assign(values, spec, convert(spec, text, `--${spec.flag}`));
  }
  return { command, values };
}

/**
 * Merges defaults, the --quick preset, the config file's values and the
 * command line's values, in that order.
 */
export function resolveOptions(
  command: Command,
  cliValues: Partial<Options>,
  configValues: Partial<Options> = {},
): Options {
  const quick = cliValues.quick ?? configValues.quick ?? false;
  const options: Options = { ...DEFAULTS };
  if (quick) Object.assign(options, QUICK_PRESET);
  Object.assign(options, configValues, cliValues);
  if (command === "probe" && options.encoder === null && needsEncoder(options.method)) {
    options.encoder = `${options.out}/encoder.safetensors`;
  }
  return options;
}

/** Whether a method trains an encoder before probing. */
export function needsEncoder(method: Method): boolean {
  return method.endsWith("stdim");
}

/**
 * Converts a config file's object into option values, with the same checks
 * as the command line. `source` names the file in errors.
 */
export function parseConfig(
  data: unknown,
  command: Command,
  source: string,
): Partial<Options> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new CliError(`invalid config ${source}: expected a JSON object of flag values`);
  }
  const values: Partial<Options> = {};
  for (const [name, raw] of Object.entries(data)) {
    const spec =
      findFlag(name) ?? FLAGS.find((flag) => flag.key === name && flag.negate !== true);
    if (spec === undefined || spec.flag === "config" || spec.flag === "help") {
      throw new CliError(`unknown key ${JSON.stringify(name)} in config ${source}${suggestion(name)}`);
    }
    if (spec.commands !== undefined && !spec.commands.includes(command)) continue;
    const where = `key "${spec.flag}" in config ${source}`;
    if (spec.type === "boolean") {
      if (typeof raw !== "boolean") throw new CliError(`invalid ${where}: expected true or false`);
      assign(values, spec, raw);
    } else if (typeof raw === "number" || typeof raw === "string") {
      assign(values, spec, convert(spec, String(raw), where));
    } else {
      throw new CliError(`invalid ${where}: ${expected(spec)}`);
    }
  }
  return values;
}

function parseCommand(word: string): Command {
  if ((COMMANDS as readonly string[]).includes(word)) return word as Command;
  if (word === "play") return "render";
  throw new CliError(
    `unknown command ${JSON.stringify(word)}; expected one of ${COMMANDS.join(", ")}` +
      suggestion(word, COMMANDS, ""),
  );
}

function lookupFlag(name: string): FlagSpec {
  const spec = findFlag(name);
  if (spec !== undefined) return spec;
  throw new CliError(`unknown flag --${name}${suggestion(name)}; see atariari --help`);
}

function checkCommand(spec: FlagSpec, command: Command): void {
  if (spec.commands === undefined || spec.commands.includes(command)) return;
  throw new CliError(
    `--${spec.flag} does not apply to \`atariari ${command}\`; ` +
      `it is used by: ${spec.commands.join(", ")}`,
  );
}

function convert(spec: FlagSpec, text: string | undefined, where: string): Options[keyof Options] {
  switch (spec.type) {
    case "boolean":
      if (text === undefined || text === "true") return true;
      if (text === "false") return false;
      throw new CliError(`invalid value ${JSON.stringify(text)} for ${where}: expected true or false`);
    case "integer":
    case "number":
      return convertNumber(spec, text ?? "", where);
    case "choice":
      if (spec.choices!.includes(text ?? "")) return text as Method;
      throw new CliError(
        `invalid value ${JSON.stringify(text)} for ${where}; ${expected(spec)}` +
          suggestion(text ?? "", spec.choices, ""),
      );
    default:
      if (text === undefined || text === "") {
        throw new CliError(`invalid empty value for ${where}; ${expected(spec)}`);
      }
      return text;
  }
}

function convertNumber(spec: FlagSpec, text: string, where: string): number {
  const value = text.trim() === "" ? NaN : Number(text);
  const integral = spec.type === "integer";
  if (!Number.isFinite(value) || (integral && !Number.isInteger(value))) {
    throw new CliError(`invalid value ${JSON.stringify(text)} for ${where}; ${expected(spec)}`);
  }
  const belowMin =
    spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min);
  const aboveMax = spec.max !== undefined && value > spec.max;
  if (belowMin || aboveMax) {
    throw new CliError(`invalid value ${text} for ${where}; ${expected(spec)}`);
  }
  return value;
}

/** Describes the values a flag accepts, for error messages. */
export function expected(spec: FlagSpec): string {
  switch (spec.type) {
    case "boolean":
      return "it takes no value";
    case "choice":
      return `expected one of ${spec.choices!.join(", ")}`;
    case "path":
      return "expected a path";
    case "string":
      return "expected a name";
  }
  const kind = spec.type === "integer" ? "an integer" : "a number";
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.exclusiveMin ? ">" : ">="} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
  return `expected ${kind}${parts.length > 0 ? ` ${parts.join(" and ")}` : ""}`;
}

function assign(values: Partial<Options>, spec: FlagSpec, value: Options[keyof Options]): void {
  (values as Record<string, unknown>)[spec.key] = spec.negate === true ? !value : value;
}

/** Returns "; did you mean X?" for the closest name, within max(2, a third of its length) edits. */
export function suggestion(
  word: string,
  names: readonly string[] = FLAGS.map((spec) => spec.flag),
  prefix = "--",
): string {
  let best = "";
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const name of names) {
    const distance = editDistance(word, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best === "") return "";
  return `; did you mean ${prefix}${best}?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
