import { Mt19937 } from "./mt19937.ts";

/** One episode: `length` frames and their labels, one byte per pixel and per label. */
export interface Episode {
  length: number;
  /** length x frame bytes. */
  frames: Uint8Array;
  /** length x label count, columns in the order of the set's `labelNames`. */
  labels: Uint8Array;
}

/** Episodes that share a frame shape and label names. */
export interface EpisodeSet {
  /** `[channels, height, width]` of one frame. */
  frameShape: number[];
  labelNames: string[];
  episodes: Episode[];
}

export function frameSize(set: Pick<EpisodeSet, "frameShape">): number {
  return set.frameShape.reduce((a, b) => a * b, 1);
}

export function totalFrames(set: EpisodeSet): number {
  return set.episodes.reduce((sum, episode) => sum + episode.length, 0);
}

/** Keeps the episodes longer than `minLength` frames (the AtariARI code keeps `len > 64`). */
export function dropShortEpisodes(set: EpisodeSet, minLength: number): EpisodeSet {
  return { ...set, episodes: set.episodes.filter((episode) => episode.length > minLength) };
}

/**
 * Entropy in nats of each label's value distribution over all frames of the
 * set, as the AtariARI code computes it (a categorical distribution over the
 * observed values).
 */
export function labelEntropies(set: EpisodeSet): Map<string, number> {
  const labelCount = set.labelNames.length;
  const counts = set.labelNames.map(() => new Float64Array(256));
  let frames = 0;
  for (const episode of set.episodes) {
    for (let t = 0; t < episode.length; t++) {
      for (let j = 0; j < labelCount; j++) counts[j][episode.labels[t * labelCount + j]]++;
    }
    frames += episode.length;
  }
  const entropies = new Map<string, number>();
  set.labelNames.forEach((name, j) => {
    let entropy = 0;
    for (const count of counts[j]) {
      if (count > 0) entropy -= (count / frames) * Math.log(count / frames);
    }
    entropies.set(name, entropy);
  });
  return entropies;
}

/** Removes the labels whose entropy over the set is below `threshold` nats (the AtariARI code uses 0.6). */
export function dropLowEntropyLabels(
  set: EpisodeSet,
  threshold: number,
): { set: EpisodeSet; entropies: Map<string, number>; dropped: string[] } {
  const entropies = labelEntropies(set);
  const keep = set.labelNames.flatMap((name, j) => (entropies.get(name)! < threshold ? [] : [j]));
  const dropped = set.labelNames.filter((name) => entropies.get(name)! < threshold);
  const oldCount = set.labelNames.length;
  const episodes = set.episodes.map((episode) => {
    const labels = new Uint8Array(episode.length * keep.length);
    for (let t = 0; t < episode.length; t++) {
      keep.forEach((j, k) => (labels[t * keep.length + k] = episode.labels[t * oldCount + j]));
    }
    return { ...episode, labels };
  });
  return {
    set: { ...set, labelNames: keep.map((j) => set.labelNames[j]), episodes },
    entropies,
    dropped,
  };
}

/**
 * Episode order after numpy's `RandomState(seed).shuffle(arange(n))`, so a
 * split equals what the AtariARI code's shuffle computes for the same seed.
 */
export function shuffledOrder(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const rng = new Mt19937(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.boundedInterval(i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface ProbeSplits {
  train: EpisodeSet;
  validation: EpisodeSet;
  test: EpisodeSet;
  /** Test frames removed because their bytes equal a train or validation frame. */
  duplicatesRemoved: number;
}

function subset(set: EpisodeSet, episodes: Episode[]): EpisodeSet {
  return { frameShape: set.frameShape, labelNames: set.labelNames, episodes };
}

/**
 * Splits episodes 70/10/20 into train, validation and test, cutting at
 * `floor(0.7 n)` and `floor(0.8 n)`. Test frames equal to any train or
 * validation frame are removed, then test episodes left with one frame or
 * none. `order` is the episode order to cut (identity for the AtariARI
 * code's behaviour, which shuffles an index array but slices the episodes
 * in collection order).
 */
export function splitForProbe(set: EpisodeSet, order: readonly number[]): ProbeSplits {
  const n = order.length;
  const validationStart = Math.floor(0.7 * n);
  const testStart = Math.floor(0.8 * n);
  if (!(validationStart > 0 && testStart > validationStart)) {
    throw new Error(
      `${n} episodes are too few to split into train, validation and test; collect more steps`,
    );
  }
  const pick = (from: number, to: number) => order.slice(from, to).map((i) => set.episodes[i]);
  const train = pick(0, validationStart);
  const validation = pick(validationStart, testStart);
  const { episodes: test, removed } = removeDuplicateFrames(
    pick(testStart, n),
    [...train, ...validation],
    frameSize(set),
    set.labelNames.length,
  );
  return {
    train: subset(set, train),
    validation: subset(set, validation),
    test: subset(set, test.filter((episode) => episode.length > 1)),
    duplicatesRemoved: removed,
  };
}

/** Splits episodes 80/20 into train and validation for encoder training, cutting at `floor(0.8 n)`. */
export function splitForEncoder(
  set: EpisodeSet,
  order: readonly number[],
): { train: EpisodeSet; validation: EpisodeSet } {
  if (order.length < 2) {
    throw new Error(`${order.length} episodes are too few to split into train and validation; collect more steps`);
  }
  const cut = Math.floor(0.8 * order.length);
  return {
    train: subset(set, order.slice(0, cut).map((i) => set.episodes[i])),
    validation: subset(set, order.slice(cut).map((i) => set.episodes[i])),
  };
}

/** Removes from `episodes` every frame (and its labels) whose bytes equal a frame of `reference`. */
export function removeDuplicateFrames(
  episodes: Episode[],
  reference: Episode[],
  size: number,
  labelCount: number,
): { episodes: Episode[]; removed: number } {
  const index = new Map<number, Uint8Array[]>();
  for (const episode of reference) {
    for (let t = 0; t < episode.length; t++) {
      const frame = episode.frames.subarray(t * size, (t + 1) * size);
      const key = hashBytes(frame);
      const bucket = index.get(key);
      if (bucket) bucket.push(frame);
      else index.set(key, [frame]);
    }
  }
  let removed = 0;
  const kept = episodes.map((episode) => {
    const keep: number[] = [];
    for (let t = 0; t < episode.length; t++) {
      const frame = episode.frames.subarray(t * size, (t + 1) * size);
      const bucket = index.get(hashBytes(frame));
      if (bucket?.some((other) => equalBytes(frame, other))) removed++;
      else keep.push(t);
    }
    return selectFrames(episode, keep, size, labelCount);
  });
  return { episodes: kept, removed };
}

function selectFrames(episode: Episode, keep: number[], size: number, labelCount: number): Episode {
  if (keep.length === episode.length) return episode;
  const frames = new Uint8Array(keep.length * size);
  const labels = new Uint8Array(keep.length * labelCount);
  keep.forEach((t, k) => {
    frames.set(episode.frames.subarray(t * size, (t + 1) * size), k * size);
    labels.set(episode.labels.subarray(t * labelCount, (t + 1) * labelCount), k * labelCount);
  });
  return { length: keep.length, frames, labels };
}

/** Hashes bytes to 32 bits, FNV-1a style, over 32-bit words when the bytes are aligned for it. */
function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  if (bytes.byteOffset % 4 === 0 && bytes.length % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193);
  } else {
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  }
  return hash >>> 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
