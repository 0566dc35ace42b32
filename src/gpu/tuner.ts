// Choice among kernel variants per adapter and shape, by timing each
// candidate on the device at start-up.

import type { Gpu } from "./context.ts";
import type { Overrides } from "./pipelines.ts";
import type { ShaderName } from "./shaders.generated.ts";

/** One way to run a kernel: a shader, its overrides and launcher options. */
export interface Variant {
  /** Short stable name, stored in tuning caches, such as `tiled16x16k16`. */
  name: string;
  shader: ShaderName;
  overrides: Overrides;
  /** Launcher-specific settings such as the number of split-K slices. */
  options?: Readonly<Record<string, number>>;
}

/** Records one launch of `variant` on scratch tensors of the tuned shape. */
export type BenchLaunch = (variant: Variant) => void;

/** Persistent storage of tuning choices (key to variant name). */
export interface TuningStore {
  load(): Record<string, string>;
  save(choices: Record<string, string>): void;
}

interface Pending {
  key: string;
  candidates: readonly Variant[];
  prepare: () => { launch: BenchLaunch; dispose: () => void };
}

/** Measured time of one candidate, as {@link Autotuner.tune} reports it. */
export interface TuningResult {
  key: string;
  variant: string;
  /** Fastest sample, in wall-clock or process CPU milliseconds (see {@link metric}). */
  milliseconds: number;
  /** Clock of the timing: wall-clock time, or process CPU time on software adapters in Node. */
  metric: "wall" | "cpu";
  chosen: boolean;
}

/** Process CPU time in milliseconds, where the host reports it (Node). */
function cpuMilliseconds(): number | null {
  const usage = typeof process !== "undefined" ? process.cpuUsage?.() : undefined;
  return usage ? (usage.user + usage.system) / 1000 : null;
}

/**
 * Per-adapter cache of the fastest variant for each kernel and shape.
 * Launchers call {@link select}; before any tuning it returns the first
 * candidate that suits the adapter (register-blocked kernels on software
 * adapters, workgroup-tiled ones on GPUs). {@link Gpu.autotune} records the
 * shapes a step uses and times every candidate for each.
 */
export class Autotuner {
  private readonly choices = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();
  private recording = false;
  /** Names of the variants {@link select} returned, in order, for benchmarks to report. */
  readonly selected: string[] = [];

  constructor(
    private readonly gpu: Gpu,
    private readonly store?: TuningStore,
  ) {
    for (const [key, name] of Object.entries(store?.load() ?? {})) {
      this.choices.set(key, name);
    }
  }

  /** Key prefix naming the adapter, so one store can serve several adapters. */
  get adapterKey(): string {
    const a = this.gpu.adapter;
    return `${a.host}|${a.vendor}|${a.architecture}|${a.device}|${a.description}`;
  }

  /**
   * Returns the variant to run for `kernel` at `shape`. While recording, an
   * untuned shape is queued for timing; `prepare` then allocates scratch
   * inputs and returns a launch function and a disposer.
   */
  select(
    kernel: string,
    shape: string,
    candidates: readonly Variant[],
    prepare: Pending["prepare"],
  ): Variant {
    const key = `${this.adapterKey}|${kernel}|${shape}`;
    const chosen = this.choices.get(key);
    const found = candidates.find((v) => v.name === chosen);
    if (this.recording && !found && !this.pending.has(key)) {
      this.pending.set(key, { key, candidates, prepare });
    }
    const variant = found ?? this.defaultVariant(candidates);
    if (this.selected.length < 1000) this.selected.push(`${kernel}:${variant.name}`);
    return variant;
  }

  /** Default before tuning: tiled variants on GPUs, others on CPU adapters. */
  defaultVariant(candidates: readonly Variant[]): Variant {
    const wantTiled = !this.gpu.adapter.isSoftware;
    return candidates.find((v) => v.shader.endsWith("_tiled") === wantTiled) ?? candidates[0];
  }

  /** Starts queueing untuned shapes met by {@link select}. */
  startRecording(): void {
    this.recording = true;
  }

  /** Stops recording and drops the queued shapes. */
  stopRecording(): void {
    this.recording = false;
    this.pending.clear();
  }

  /**
   * Times every candidate of every queued shape and keeps the fastest.
   * Each candidate runs once to compile, then up to `samples` times, and
   * the minimum counts. A candidate slower than twice the best so far stops
   * after one sample, so tuning at large shapes stays short.
   */
  async tune(samples = 2): Promise<TuningResult[]> {
    this.recording = false;
    const results: TuningResult[] = [];
    for (const job of this.pending.values()) {
      const { launch, dispose } = job.prepare();
      let best: { name: string; ms: number } | null = null;
      const times: TuningResult[] = [];
      for (const variant of job.candidates) {
        const ms = await this.time(launch, variant, samples, best?.ms ?? Infinity);
        times.push({ key: job.key, variant: variant.name, milliseconds: ms, metric: this.metric, chosen: false });
        if (!best || ms < best.ms) best = { name: variant.name, ms };
      }
      dispose();
      if (best) {
        this.choices.set(job.key, best.name);
        for (const t of times) t.chosen = t.variant === best.name;
      }
      results.push(...times);
    }
    this.pending.clear();
    this.store?.save(Object.fromEntries(this.choices));
    return results;
  }

  /** Forgets every choice (the store is left as it is). */
  clear(): void {
    this.choices.clear();
  }

  /**
   * Clock used for tuning. On software adapters in Node it is the process
   * CPU time, because the driver's threads run in the process and a shared
   * machine disturbs CPU time far less than wall time.
   * NOTE: CPU time does not penalise a variant that leaves a core idle.
   */
  get metric(): "wall" | "cpu" {
    return this.gpu.adapter.isSoftware && cpuMilliseconds() !== null ? "cpu" : "wall";
  }

  private async time(launch: BenchLaunch, variant: Variant, samples: number, bestMs: number): Promise<number> {
    const clock = this.metric === "cpu" ? () => cpuMilliseconds()! : () => performance.now();
    launch(variant);
    await this.gpu.sync();
    let fastest = Infinity;
    for (let i = 0; i < Math.max(1, samples); i++) {
      const started = clock();
      launch(variant);
      await this.gpu.sync();
      fastest = Math.min(fastest, clock() - started);
      if (fastest > 2 * bestMs) break;
    }
    return fastest;
  }
}

/** Creates a {@link TuningStore} backed by a JSON file (Node only). */
export async function fileTuningStore(path: string): Promise<TuningStore> {
  const fs = await import("node:fs");
  const { dirname } = await import("node:path");
  return {
    // A cache only saves time, so a broken one is reported and replaced
    // rather than stopping a run.
    load() {
      if (!fs.existsSync(path)) return {};
      try {
        const choices: unknown = JSON.parse(fs.readFileSync(path, "utf8"));
        if (choices !== null && typeof choices === "object" && !Array.isArray(choices)) {
          return choices as Record<string, string>;
        }
        console.warn(`warning: tuning cache ${path} is not a JSON object; tuning again and replacing it`);
      } catch (error) {
        console.warn(`warning: invalid tuning cache ${path} (${(error as Error).message}); tuning again and replacing it`);
      }
      return {};
    },
    save(choices) {
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dirname(path), { recursive: true });
        fs.writeFileSync(temporary, JSON.stringify(choices, null, 2));
        fs.renameSync(temporary, path);
      } catch (error) {
        if (fs.existsSync(temporary)) fs.rmSync(temporary);
        console.warn(
          `warning: tuning choices not saved to ${path} (${(error as Error).message}); ` +
            "this run uses them, later runs tune again. Set XDG_CACHE_HOME to a writable folder to keep them.",
        );
      }
    },
  };
}

/**
 * Returns the path of the tuning cache in the user's cache directory:
 * `$XDG_CACHE_HOME/atariari/gpu-tuning.json` when XDG_CACHE_HOME is set,
 * else under `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows and
 * `~/.cache` elsewhere. Node only.
 */
export async function userTuningCachePath(
  env: Record<string, string | undefined> = process.env,
  platform: string = process.platform,
): Promise<string> {
  const { homedir } = await import("node:os");
  const { join } = await import("node:path");
  let base = join(homedir(), ".cache");
  if (env.XDG_CACHE_HOME) base = env.XDG_CACHE_HOME;
  else if (platform === "darwin") base = join(homedir(), "Library", "Caches");
  else if (platform === "win32" && env.LOCALAPPDATA) base = env.LOCALAPPDATA;
  return join(base, "atariari", "gpu-tuning.json");
}

/** Creates a {@link fileTuningStore} at {@link userTuningCachePath} (Node only). */
export async function userTuningStore(): Promise<TuningStore> {
  return fileTuningStore(await userTuningCachePath());
}

/** Creates a {@link TuningStore} backed by the browser's localStorage under `key`. */
export function localStorageTuningStore(key = "atariari-gpu-tuning"): TuningStore {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  return {
    load: () => JSON.parse(storage?.getItem(key) ?? "{}") as Record<string, string>,
    save: (choices) => storage?.setItem(key, JSON.stringify(choices)),
  };
}
