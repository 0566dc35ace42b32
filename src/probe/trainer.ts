import { EarlyStopping } from "../stdim/early-stopping.ts";
import { Random } from "../stdim/random.ts";
import { sampleBatches } from "../stdim/sampler.ts";
import { summarizeMetric, referenceMetricDict, type MetricSummary } from "./categories.ts";
import { checkProbeDataset, episodeOffsets, type ProbeDataset } from "./dataset.ts";
import { LinearProbes } from "./linear-probes.ts";
import type { ProbeModel } from "./probe-model.ts";
import { accuracy, weightedF1 } from "./metrics.ts";
import { ReduceLROnPlateau } from "./plateau.ts";

/** Probe training options; defaults follow the reference's probing. */
export interface ProbeOptions {
  lr?: number;
  epochs?: number;
  batchSize?: number;
  /** Epochs without a better validation accuracy before a label stops. */
  patience?: number;
  seed?: number;
  /**
   * Test set sampling. `"reference"` (default) scores batches sampled like
   * training batches, as the reference does: episodes with replacement, one
   * step each, the partial batch dropped. `"all-frames"` scores every test
   * frame once.
   */
  testSampling?: "reference" | "all-frames";
  /** Receives one line per epoch. */
  log?: (line: string) => void;
  /**
   * Builds the probes (default: {@link LinearProbes} on the CPU); pass one
   * that returns `GpuProbes` to train on WebGPU.
   */
  createProbes?: (labels: number, features: number, random: Random) => ProbeModel;
}

/** Test scores of one label and how its training went. */
export interface LabelResult {
  accuracy: number;
  f1: number;
  epochs: number;
  stoppedEarly: boolean;
  finalLr: number;
}

/** Test scores of every label with the reference's averages. */
export interface ProbeResult {
  labels: Record<string, LabelResult>;
  accuracy: MetricSummary;
  f1: MetricSummary;
  /** The reference's flat result dictionaries (`..._acc`, `..._f1`). */
  referenceAccuracy: Record<string, number>;
  referenceF1: Record<string, number>;
}

/**
 * Trains one linear probe per label on frozen features, all labels in one
 * batched step, as the reference's ProbeTrainer does. Each epoch is a
 * training pass over sampled batches (Adam, eps 1e-5) and a validation pass.
 * A label stops after `patience` epochs without a better validation
 * accuracy, and each label has its own ReduceLROnPlateau (patience 5,
 * factor 0.2, min 1e-5). Testing uses the weights at the end of training,
 * as the reference does, not those of the best validation epoch.
 */
export async function trainProbes(train: ProbeDataset, val: ProbeDataset, test: ProbeDataset, options: ProbeOptions = {}): Promise<ProbeResult> {
  const lr = options.lr ?? 3e-4;
  const epochs = options.epochs ?? 100;
  const batchSize = options.batchSize ?? 64;
  const patience = options.patience ?? 15;
  const random = new Random(options.seed ?? 0);
  checkProbeDataset("train", train);
  checkProbeDataset("validation", val);
  checkProbeDataset("test", test);
  const labelCount = train.labelNames.length;
  const create = options.createProbes ?? ((labels, features, r) => new LinearProbes(labels, features, r));
  const probes = create(labelCount, train.featureSize, random.fork());
  const stoppers = train.labelNames.map(() => new EarlyStopping(patience));
  const schedulers = train.labelNames.map(() => new ReduceLROnPlateau(lr));
  const epochsRun = new Int32Array(labelCount);

  for (let epoch = 0; epoch < epochs && stoppers.some((s) => !s.stopped); epoch++) {
    const active = stoppers.map((s) => !s.stopped);
    const lrs = schedulers.map((s) => s.lr);
    const trainStats = await runEpoch(probes, train, batchSize, random, active, lrs);
    const valStats = await runEpoch(probes, val, batchSize, random, active, null);
    for (let l = 0; l < labelCount; l++) {
      if (!active[l]) continue;
      epochsRun[l]++;
      stoppers[l].update(valStats.accuracy[l]);
      if (!stoppers[l].stopped) schedulers[l].step(valStats.accuracy[l]);
    }
    options.log?.(
      `probe epoch ${epoch}: ${active.filter(Boolean).length} labels active, ` +
        `train loss ${mean(trainStats.loss, active).toFixed(4)}, val acc ${mean(valStats.accuracy, active).toFixed(4)}`,
    );
  }
  const { truth, predicted } = await testPredictions(probes, test, batchSize, random, options.testSampling ?? "reference");
  return buildResult(train.labelNames, truth, predicted, (l) => ({
    epochs: epochsRun[l],
    stoppedEarly: stoppers[l].stopped,
    finalLr: schedulers[l].lr,
  }));
}

/**
 * Scores the `majority` baseline, which predicts each label's most
 * frequent training value for every test frame. Ties go to the value seen
 * first.
 */
export function majorityBaseline(train: Pick<ProbeDataset, "labelNames" | "labels">, test: Pick<ProbeDataset, "labels">): ProbeResult {
  const labelCount = train.labelNames.length;
  const frames = test.labels.length / labelCount;
  const predicted = new Uint8Array(test.labels.length);
  for (let l = 0; l < labelCount; l++) {
    const value = mostFrequent(train.labels, labelCount, l);
    for (let n = 0; n < frames; n++) predicted[n * labelCount + l] = value;
  }
  return buildResult(train.labelNames, test.labels, predicted, () => ({ epochs: 0, stoppedEarly: false, finalLr: 0 }));
}

function mostFrequent(labels: Uint8Array, labelCount: number, l: number): number {
  const counts = new Int32Array(256);
  const firstSeen = new Int32Array(256).fill(-1);
  for (let n = l, i = 0; n < labels.length; n += labelCount, i++) {
    const value = labels[n];
    counts[value]++;
    if (firstSeen[value] < 0) firstSeen[value] = i;
  }
  let best = -1;
  for (let value = 0; value < 256; value++) {
    if (counts[value] === 0) continue;
    if (best < 0 || counts[value] > counts[best] || (counts[value] === counts[best] && firstSeen[value] < firstSeen[best])) best = value;
  }
  return best;
}

async function runEpoch(
  probes: ProbeModel,
  data: ProbeDataset,
  batchSize: number,
  random: Random,
  active: boolean[],
  lrs: number[] | null,
): Promise<{ loss: Float64Array; accuracy: Float64Array }> {
  const labelCount = data.labelNames.length;
  const loss = new Float64Array(labelCount);
  const acc = new Float64Array(labelCount);
  let batches = 0;
  for (const batch of sampleBatches(data.episodeLengths, batchSize, random)) {
    const { x, y, frames } = gather(data, batch.episodes, batch.steps);
    const stats = await probes.step(x, y, batchSize, active, lrs, frames);
    for (let l = 0; l < labelCount; l++) {
      loss[l] += stats.loss[l];
      acc[l] += stats.accuracy[l];
    }
    batches++;
  }
  // The reference averages the per-batch accuracies over the epoch.
  for (let l = 0; l < labelCount; l++) {
    loss[l] /= batches;
    acc[l] /= batches;
  }
  return { loss, accuracy: acc };
}

async function testPredictions(
  probes: ProbeModel,
  test: ProbeDataset,
  batchSize: number,
  random: Random,
  sampling: "reference" | "all-frames",
): Promise<{ truth: Uint8Array; predicted: Uint8Array }> {
  if (sampling === "all-frames") {
    return { truth: test.labels, predicted: await predictAll(probes, test) };
  }
  const truth: Uint8Array[] = [];
  const predicted: Uint8Array[] = [];
  for (const batch of sampleBatches(test.episodeLengths, batchSize, random)) {
    const { x, y, frames } = gather(test, batch.episodes, batch.steps);
    truth.push(y);
    predicted.push(await probes.predict(x, batchSize, frames));
  }
  return { truth: concat(truth), predicted: concat(predicted) };
}

// Every test frame once, in batches, for models that read frames.
async function predictAll(probes: ProbeModel, test: ProbeDataset): Promise<Uint8Array> {
  const labelCount = test.labelNames.length;
  const frames = test.labels.length / labelCount;
  if (!test.frames) return probes.predict(test.features, frames);
  const out = new Uint8Array(test.labels.length);
  const chunk = 64;
  for (let start = 0; start < frames; start += chunk) {
    const count = Math.min(chunk, frames - start);
    const size = test.frameSize!;
    const part = await probes.predict(new Float32Array(0), count, test.frames.subarray(start * size, (start + count) * size));
    out.set(part, start * labelCount);
  }
  return out;
}

function gather(data: ProbeDataset, episodes: Int32Array, steps: Int32Array): { x: Float32Array; y: Uint8Array; frames?: Uint8Array } {
  const offsets = episodeOffsets(data.episodeLengths);
  const size = data.featureSize;
  const labelCount = data.labelNames.length;
  const x = new Float32Array(episodes.length * size);
  const y = new Uint8Array(episodes.length * labelCount);
  const frameSize = data.frameSize ?? 0;
  const frames = data.frames ? new Uint8Array(episodes.length * frameSize) : undefined;
  for (let i = 0; i < episodes.length; i++) {
    const frame = offsets[episodes[i]] + steps[i];
    x.set(data.features.subarray(frame * size, (frame + 1) * size), i * size);
    y.set(data.labels.subarray(frame * labelCount, (frame + 1) * labelCount), i * labelCount);
    frames?.set(data.frames!.subarray(frame * frameSize, (frame + 1) * frameSize), i * frameSize);
  }
  return { x, y, frames };
}

function buildResult(
  names: string[],
  truth: Uint8Array,
  predicted: Uint8Array,
  training: (l: number) => Omit<LabelResult, "accuracy" | "f1">,
): ProbeResult {
  const labelCount = names.length;
  const labels: Record<string, LabelResult> = {};
  const accValues: Record<string, number> = {};
  const f1Values: Record<string, number> = {};
  names.forEach((name, l) => {
    const t = column(truth, labelCount, l);
    const p = column(predicted, labelCount, l);
    labels[name] = { accuracy: accuracy(t, p), f1: weightedF1(t, p), ...training(l) };
    accValues[name] = labels[name].accuracy;
    f1Values[name] = labels[name].f1;
  });
  return {
    labels,
    accuracy: summarizeMetric(accValues),
    f1: summarizeMetric(f1Values),
    referenceAccuracy: referenceMetricDict(accValues, "_acc"),
    referenceF1: referenceMetricDict(f1Values, "_f1"),
  };
}

function column(values: Uint8Array, labelCount: number, l: number): Uint8Array {
  const out = new Uint8Array(values.length / labelCount);
  for (let n = 0; n < out.length; n++) out[n] = values[n * labelCount + l];
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function mean(values: Float64Array, active: boolean[]): number {
  let sum = 0;
  let count = 0;
  values.forEach((v, i) => {
    if (active[i]) {
      sum += v;
      count++;
    }
  });
  return count ? sum / count : NaN;
}
