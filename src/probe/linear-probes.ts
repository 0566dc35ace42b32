import { adamUpdate } from "../stdim/adam.ts";
import { Random } from "../stdim/random.ts";
import type { ProbeModel } from "./probe-model.ts";

/** Number of classes of every probe: one per RAM byte value. */
export const PROBE_CLASSES = 256;

/**
 * One linear probe (features -> 256 logits) per label, all stored in one
 * block so a training step handles every label at once: weights
 * [labels, 256, features] and biases [labels, 256], each label with its
 * own Adam step count and learning rate. Runs on the CPU in float32.
 */
export class LinearProbes implements ProbeModel {
  readonly weights: Float32Array;
  readonly biases: Float32Array;
  private readonly mW: Float32Array;
  private readonly vW: Float32Array;
  private readonly mB: Float32Array;
  private readonly vB: Float32Array;
  readonly steps: Int32Array;

  constructor(readonly labels: number, readonly features: number, random: Random) {
    // PyTorch's nn.Linear default: uniform in +-1/sqrt(in_features).
    const bound = 1 / Math.sqrt(features);
    this.weights = Float32Array.from({ length: labels * PROBE_CLASSES * features }, () => (2 * random.uniform() - 1) * bound);
    this.biases = Float32Array.from({ length: labels * PROBE_CLASSES }, () => (2 * random.uniform() - 1) * bound);
    this.mW = new Float32Array(this.weights.length);
    this.vW = new Float32Array(this.weights.length);
    this.mB = new Float32Array(this.biases.length);
    this.vB = new Float32Array(this.biases.length);
    this.steps = new Int32Array(labels);
  }

  /** Logits [labels, batch, 256] of a feature batch [batch, features]. */
  logits(x: Float32Array, batch: number, active?: ArrayLike<boolean>): Float32Array {
    const out = new Float32Array(this.labels * batch * PROBE_CLASSES);
    for (let l = 0; l < this.labels; l++) {
      if (active && !active[l]) continue;
      for (let c = 0; c < PROBE_CLASSES; c++) this.logitsOfClass(x, batch, l, c, out);
    }
    return out;
  }

  // Scores of class c of label l for the whole batch, four samples at a
  // time so each weight is loaded once per four products.
  private logitsOfClass(x: Float32Array, batch: number, l: number, c: number, out: Float32Array): void {
    const { features, weights } = this;
    const row = (l * PROBE_CLASSES + c) * features;
    const bias = this.biases[l * PROBE_CLASSES + c];
    const outBase = l * batch * PROBE_CLASSES + c;
    let n = 0;
    for (; n + 4 <= batch; n += 4) {
      const x0 = n * features;
      const x1 = x0 + features;
      const x2 = x1 + features;
      const x3 = x2 + features;
      let s0 = bias;
      let s1 = bias;
      let s2 = bias;
      let s3 = bias;
      for (let f = 0; f < features; f++) {
        const w = weights[row + f];
        s0 += w * x[x0 + f];
        s1 += w * x[x1 + f];
        s2 += w * x[x2 + f];
        s3 += w * x[x3 + f];
      }
      out[outBase + n * PROBE_CLASSES] = s0;
      out[outBase + (n + 1) * PROBE_CLASSES] = s1;
      out[outBase + (n + 2) * PROBE_CLASSES] = s2;
      out[outBase + (n + 3) * PROBE_CLASSES] = s3;
    }
    for (; n < batch; n++) {
      let sum = bias;
      const xRow = n * features;
      for (let f = 0; f < features; f++) sum += weights[row + f] * x[xRow + f];
      out[outBase + n * PROBE_CLASSES] = sum;
    }
  }

  /**
   * Computes the batch-mean cross-entropy and the accuracy of every active
   * label. With `lrs`, it also takes one Adam step for each active label at
   * that label's learning rate.
   */
  step(
    x: Float32Array,
    targets: Uint8Array,
    batch: number,
    active: ArrayLike<boolean>,
    lrs: ArrayLike<number> | null,
  ): { loss: Float64Array; accuracy: Float64Array } {
    const logits = this.logits(x, batch, active);
    const loss = new Float64Array(this.labels);
    const accuracy = new Float64Array(this.labels);
    for (let l = 0; l < this.labels; l++) {
      if (!active[l]) continue;
      const dLogits = logits.subarray(l * batch * PROBE_CLASSES, (l + 1) * batch * PROBE_CLASSES);
      let correct = 0;
      for (let n = 0; n < batch; n++) {
        const row = dLogits.subarray(n * PROBE_CLASSES, (n + 1) * PROBE_CLASSES);
        const target = targets[n * this.labels + l];
        const { lossValue, argmax } = softmaxCrossEntropyInPlace(row, target, batch);
        loss[l] += lossValue / batch;
        if (argmax === target) correct++;
      }
      accuracy[l] = correct / batch;
      if (lrs) this.update(l, x, dLogits, batch, lrs[l]);
    }
    return { loss, accuracy };
  }

  /** Predicted class per label: [batch, labels]. */
  predict(x: Float32Array, batch: number): Uint8Array {
    const logits = this.logits(x, batch);
    const out = new Uint8Array(batch * this.labels);
    for (let l = 0; l < this.labels; l++) {
      for (let n = 0; n < batch; n++) {
        const base = (l * batch + n) * PROBE_CLASSES;
        let best = 0;
        for (let c = 1; c < PROBE_CLASSES; c++) if (logits[base + c] > logits[base + best]) best = c;
        out[n * this.labels + l] = best;
      }
    }
    return out;
  }

  private update(l: number, x: Float32Array, dLogits: Float32Array, batch: number, lr: number): void {
    const { features } = this;
    const gradW = new Float32Array(PROBE_CLASSES * features);
    const gradB = new Float32Array(PROBE_CLASSES);
    for (let c = 0; c < PROBE_CLASSES; c++) {
      const row = c * features;
      let n = 0;
      // Four samples per pass over the gradient row.
      for (; n + 4 <= batch; n += 4) {
        const g0 = dLogits[n * PROBE_CLASSES + c];
        const g1 = dLogits[(n + 1) * PROBE_CLASSES + c];
        const g2 = dLogits[(n + 2) * PROBE_CLASSES + c];
        const g3 = dLogits[(n + 3) * PROBE_CLASSES + c];
        gradB[c] += g0 + g1 + g2 + g3;
        const x0 = n * features;
        const x1 = x0 + features;
        const x2 = x1 + features;
        const x3 = x2 + features;
        for (let f = 0; f < features; f++) {
          gradW[row + f] += g0 * x[x0 + f] + g1 * x[x1 + f] + g2 * x[x2 + f] + g3 * x[x3 + f];
        }
      }
      for (; n < batch; n++) {
        const g = dLogits[n * PROBE_CLASSES + c];
        gradB[c] += g;
        const xRow = n * features;
        for (let f = 0; f < features; f++) gradW[row + f] += g * x[xRow + f];
      }
    }
    this.steps[l]++;
    const wStart = l * PROBE_CLASSES * features;
    const bStart = l * PROBE_CLASSES;
    adamUpdate(this.weights.subarray(wStart, wStart + gradW.length), gradW, this.mW.subarray(wStart, wStart + gradW.length), this.vW.subarray(wStart, wStart + gradW.length), this.steps[l], lr);
    adamUpdate(this.biases.subarray(bStart, bStart + PROBE_CLASSES), gradB, this.mB.subarray(bStart, bStart + PROBE_CLASSES), this.vB.subarray(bStart, bStart + PROBE_CLASSES), this.steps[l], lr);
  }
}

// Turns a row of logits into the gradient of the batch-mean cross-entropy
// ((softmax - onehot) / batch) and returns the row's loss and argmax.
function softmaxCrossEntropyInPlace(row: Float32Array, target: number, batch: number): { lossValue: number; argmax: number } {
  let max = -Infinity;
  let argmax = 0;
  for (let c = 0; c < row.length; c++) {
    if (row[c] > max) {
      max = row[c];
      argmax = c;
    }
  }
  let total = 0;
  for (let c = 0; c < row.length; c++) total += Math.exp(row[c] - max);
  const lossValue = max + Math.log(total) - row[target];
  for (let c = 0; c < row.length; c++) row[c] = Math.exp(row[c] - max) / total / batch;
  row[target] -= 1 / batch;
  return { lossValue, argmax };
}
