import { Random } from "./random.ts";

/**
 * Rule for forming the pair (x_t, x_{t-1}) when t is the first step of an
 * episode. `"reference"` draws t from 0..len-1 and, as the reference's
 * Python indexing `episode[t - 1]` does, pairs t = 0 with the episode's
 * last frame, which is not its predecessor. `"next-step"` (the default)
 * draws t from 1..len-1, so every pair is two consecutive frames and each
 * step t >= 1 keeps the probability the reference gives it.
 */
export type FirstStepPolicy = "reference" | "next-step";

/** Indices of one batch: episode and time step of each sample. */
export interface SampleBatch {
  episodes: Int32Array;
  steps: Int32Array;
}

/** A batch of pairs: x_t at `steps`, x_{t-1} at `previousSteps`. */
export interface PairBatch extends SampleBatch {
  previousSteps: Int32Array;
}

/**
 * Yields the batches of one epoch the way the reference samples them.
 * Episodes are drawn uniformly with replacement, as many draws as there are
 * frames in total, and grouped into full batches (the remainder is
 * dropped). Each draw takes one uniformly drawn time step of its episode.
 */
export function* sampleBatches(
  episodeLengths: readonly number[],
  batchSize: number,
  random: Random,
): Generator<SampleBatch> {
  const total = checkEpisodes(episodeLengths, batchSize, 1);
  for (let b = 0; b < Math.floor(total / batchSize); b++) {
    const episodes = new Int32Array(batchSize);
    const steps = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      episodes[i] = random.integer(episodeLengths.length);
      steps[i] = random.integer(episodeLengths[episodes[i]]);
    }
    yield { episodes, steps };
  }
}

/** Like {@link sampleBatches}, for ST-DIM's pairs of consecutive frames. */
export function* samplePairBatches(
  episodeLengths: readonly number[],
  batchSize: number,
  random: Random,
  policy: FirstStepPolicy = "next-step",
): Generator<PairBatch> {
  const total = checkEpisodes(episodeLengths, batchSize, policy === "next-step" ? 2 : 1);
  for (let b = 0; b < Math.floor(total / batchSize); b++) {
    const episodes = new Int32Array(batchSize);
    const steps = new Int32Array(batchSize);
    const previousSteps = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      const episode = random.integer(episodeLengths.length);
      const length = episodeLengths[episode];
      const t = policy === "next-step" ? 1 + random.integer(length - 1) : random.integer(length);
      episodes[i] = episode;
      steps[i] = t;
      previousSteps[i] = t === 0 ? length - 1 : t - 1;
    }
    yield { episodes, steps, previousSteps };
  }
}

/** Number of batches one epoch over these episodes yields. */
export function batchesPerEpoch(episodeLengths: readonly number[], batchSize: number): number {
  return Math.floor(episodeLengths.reduce((a, b) => a + b, 0) / batchSize);
}

function checkEpisodes(lengths: readonly number[], batchSize: number, minLength: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  if (lengths.length === 0) throw new Error("sampler: no episodes");
  let total = 0;
  lengths.forEach((length, index) => {
    if (!Number.isInteger(length) || length < minLength) {
      throw new Error(`sampler: episode ${index} has ${length} frames, needs at least ${minLength}`);
    }
    total += length;
  });
  if (total < batchSize) {
    throw new Error(`sampler: ${total} frames in all, fewer than one batch of ${batchSize}`);
  }
  return total;
}
