import { Random } from "../env/random.ts";
import type { VectorEnvironment } from "../env/vector.ts";
import {
  dropLowEntropyLabels,
  dropShortEpisodes,
  shuffledOrder,
  splitForEncoder,
  splitForProbe,
  type Episode,
  type EpisodeSet,
} from "./episodes.ts";

/** Frames of one episode while it is being collected, grown by doubling. */
class EpisodeBuilder {
  length = 0;
  private frames: Uint8Array;
  private labels: Uint8Array;

  constructor(
    private readonly frameBytes: number,
    private readonly labelCount: number,
  ) {
    this.frames = new Uint8Array(frameBytes * 64);
    this.labels = new Uint8Array(Math.max(1, labelCount) * 64);
  }

  push(frame: Uint8Array, labels: Uint8Array): void {
    if ((this.length + 1) * this.frameBytes > this.frames.length) {
      this.frames = grow(this.frames, this.frames.length * 2);
      this.labels = grow(this.labels, this.labels.length * 2);
    }
    this.frames.set(frame, this.length * this.frameBytes);
    this.labels.set(labels, this.length * this.labelCount);
    this.length++;
  }

  finish(): Episode {
    return {
      length: this.length,
      frames: this.frames.slice(0, this.length * this.frameBytes),
      labels: this.labels.slice(0, this.length * this.labelCount),
    };
  }
}

function grow(array: Uint8Array, size: number): Uint8Array {
  const bigger = new Uint8Array(size);
  bigger.set(array);
  return bigger;
}

export interface RolloutOptions {
  /** Total environment steps; each copy takes `floor(steps / numEnvs)`. */
  steps: number;
  /** Copy i's environment is seeded `seed + i`, its agent `seed + i` too (separate stream). */
  seed?: number;
  /** Called after every batch step with the steps taken so far. */
  onProgress?: (stepsDone: number, stepsTotal: number) => void;
}

/**
 * Runs a random agent, as the AtariARI code's `get_random_agent_rollouts`
 * does: each copy draws actions uniformly from 1..n-1 (never NOOP), and
 * every step's observation and labels are appended to the copy's current
 * episode. When a step ends an episode, the copy's next episode starts
 * with the observation after the automatic reset, paired with the labels
 * of the step that ended the old one. The observation of the first reset is
 * not kept. Episodes come out copy by copy, each copy's in order. Each
 * step's arrays are copied at once, so `vec` may reuse them (`copy: false`).
 */
export async function collectRandomRollouts(
  vec: VectorEnvironment,
  options: RolloutOptions,
): Promise<EpisodeSet> {
  const seed = options.seed ?? 42;
  const n = vec.numEnvs;
  if (vec.actionCount < 2) {
    throw new Error(`the random agent needs at least 2 actions, this game has ${vec.actionCount}`);
  }
  const frameBytes = vec.observationShape.reduce((a, b) => a * b, 1);
  const labelCount = vec.labelNames.length;
  const agents = Array.from({ length: n }, (_, i) => new Random((seed + i) ^ 0x6a09e667));
  const done: Episode[][] = Array.from({ length: n }, () => []);
  const current = Array.from({ length: n }, () => new EpisodeBuilder(frameBytes, labelCount));
  const actions = new Int32Array(n);
  const perCopy = Math.floor(options.steps / n);

  await vec.reset(seed);
  for (let step = 0; step < perCopy; step++) {
    for (let i = 0; i < n; i++) actions[i] = agents[i].integer(1, vec.actionCount);
    const result = await vec.step(actions);
    for (let i = 0; i < n; i++) {
      if (result.terminated[i] || result.truncated[i]) {
        done[i].push(current[i].finish());
        current[i] = new EpisodeBuilder(frameBytes, labelCount);
      }
      current[i].push(
        result.observations.subarray(i * frameBytes, (i + 1) * frameBytes),
        result.labels.subarray(i * labelCount, (i + 1) * labelCount),
      );
    }
    options.onProgress?.((step + 1) * n, perCopy * n);
  }
  const episodes = done.flatMap((list, i) => [...list, current[i].finish()]);
  return {
    frameShape: [...vec.observationShape],
    labelNames: [...vec.labelNames],
    episodes: episodes.filter((episode) => episode.length > 0),
  };
}

export interface GetEpisodesOptions extends RolloutOptions {
  /** Episodes with this many frames or fewer are dropped (default 64). */
  minEpisodeLength?: number;
  /** Labels with less entropy (nats) over all kept frames are dropped (default 0.6). */
  entropyThreshold?: number;
  /** `probe`: 70/10/20 train/validation/test; `encoder`: 80/20 train/validation (default probe). */
  mode?: "probe" | "encoder";
  /**
   * Shuffle episodes with numpy's `RandomState(seed)` permutation before
   * splitting (default true). The AtariARI code computes that permutation
   * but slices the unshuffled list; `false` reproduces its splits.
   */
  shuffle?: boolean;
}

export interface CollectedEpisodes {
  train: EpisodeSet;
  validation: EpisodeSet;
  /** Empty in encoder mode. */
  test: EpisodeSet;
  /** Entropy in nats of every label before the filter. */
  entropies: Record<string, number>;
  droppedLabels: string[];
  duplicatesRemoved: number;
  /** Episodes collected, and those kept after the length filter. */
  episodesCollected: number;
  episodesKept: number;
}

/** Collects and prepares episodes as the AtariARI code's `get_episodes` with a random agent. */
export async function getEpisodes(
  vec: VectorEnvironment,
  options: GetEpisodesOptions,
): Promise<CollectedEpisodes> {
  const seed = options.seed ?? 42;
  const collected = await collectRandomRollouts(vec, options);
  const long = dropShortEpisodes(collected, options.minEpisodeLength ?? 64);
  if (long.episodes.length === 0) {
    throw new Error(
      `no episode is longer than ${options.minEpisodeLength ?? 64} frames; ` +
        "collect more steps or lower the minimum episode length",
    );
  }
  const filtered = dropLowEntropyLabels(long, options.entropyThreshold ?? 0.6);
  const set = filtered.set;
  const order =
    options.shuffle ?? true
      ? shuffledOrder(set.episodes.length, seed)
      : set.episodes.map((_, i) => i);
  const common = {
    entropies: Object.fromEntries(filtered.entropies),
    droppedLabels: filtered.dropped,
    episodesCollected: collected.episodes.length,
    episodesKept: set.episodes.length,
  };
  if (options.mode === "encoder") {
    const { train, validation } = splitForEncoder(set, order);
    const test = { ...set, episodes: [] };
    return { train, validation, test, duplicatesRemoved: 0, ...common };
  }
  const splits = splitForProbe(set, order);
  return { ...splits, ...common };
}
