// Batched linear probes on WebGPU: every label's probe in one [L, 256, F]
// weight tensor, trained by one kernel sequence per batch.
import { adamStep, argmax, probeBackward, probeForward, softmaxCrossEntropy, type Gpu, type Tensor } from "../gpu/index.ts";
import { Random } from "../stdim/random.ts";
import { PROBE_CLASSES } from "./linear-probes.ts";
import type { ProbeModel, ProbeStepStats } from "./probe-model.ts";

/**
 * {@link ProbeModel} on a {@link Gpu}. Stopped labels get learning rate 0,
 * so their weights stay fixed. Every label still active has taken every
 * step, so one Adam step count serves them all.
 */
export class GpuProbes implements ProbeModel {
  private readonly weights: Tensor;
  private readonly biases: Tensor;
  private readonly moments: Tensor[];
  private readonly gradW: Tensor;
  private readonly gradB: Tensor;
  private readonly lrs: Tensor;
  private steps = 0;

  constructor(private readonly gpu: Gpu, readonly labels: number, readonly features: number, random: Random) {
    // PyTorch's nn.Linear default: uniform in +-1/sqrt(in_features).
    const bound = 1 / Math.sqrt(features);
    const uniform = (n: number) => Float32Array.from({ length: n }, () => (2 * random.uniform() - 1) * bound);
    this.weights = gpu.upload(uniform(labels * PROBE_CLASSES * features), [labels, PROBE_CLASSES, features], "probe weights");
    this.biases = gpu.upload(uniform(labels * PROBE_CLASSES), [labels, PROBE_CLASSES], "probe biases");
    this.moments = [this.weights, this.weights, this.biases, this.biases].map((t, i) => gpu.zeros(t.shape, `probe adam ${i}`));
    this.gradW = gpu.tensor(this.weights.shape, "probe dW");
    this.gradB = gpu.tensor(this.biases.shape, "probe db");
    this.lrs = gpu.tensor([labels], "probe lr");
  }

  async step(x: Float32Array, targets: Uint8Array, batch: number, active: ArrayLike<boolean>, lrs: ArrayLike<number> | null): Promise<ProbeStepStats> {
    const temps: Tensor[] = [];
    try {
      const features = this.gpu.upload(x, [batch, this.features], "probe features");
      temps.push(features);
      const t = this.gpu.upload(labelMajor(targets, batch, this.labels), [this.labels * batch], "probe targets", "u32");
      temps.push(t);
      const logits = probeForward(this.gpu, features, this.weights, this.biases);
      temps.push(logits);
      const { loss, grad } = softmaxCrossEntropy(this.gpu, logits, t, { scale: 1 / batch, label: "probe loss" });
      temps.push(loss, grad);
      const predicted = argmax(this.gpu, logits, undefined, "probe argmax");
      temps.push(predicted);
      if (lrs) this.update(grad, features, active, lrs);
      const rowLoss = (await this.gpu.read(loss)) as Float32Array;
      const rowPred = (await this.gpu.read(predicted)) as Uint32Array;
      return statsOf(rowLoss, rowPred, targets, batch, this.labels, active);
    } finally {
      for (const t of temps) t.release();
    }
  }

  async predict(x: Float32Array, batch: number): Promise<Uint8Array> {
    const features = this.gpu.upload(x, [batch, this.features], "probe features");
    const logits = probeForward(this.gpu, features, this.weights, this.biases);
    const predicted = argmax(this.gpu, logits, undefined, "probe argmax");
    try {
      const rows = (await this.gpu.read(predicted)) as Uint32Array;
      const out = new Uint8Array(batch * this.labels);
      for (let l = 0; l < this.labels; l++) {
        for (let n = 0; n < batch; n++) out[n * this.labels + l] = rows[l * batch + n];
      }
      return out;
    } finally {
      features.release();
      logits.release();
      predicted.release();
    }
  }

  /** Frees the probes' GPU buffers. */
  release(): void {
    for (const t of [this.weights, this.biases, ...this.moments, this.gradW, this.gradB, this.lrs]) t.release();
  }

  private update(grad: Tensor, features: Tensor, active: ArrayLike<boolean>, lrs: ArrayLike<number>): void {
    probeBackward(this.gpu, grad, features, { dWeight: this.gradW, dBias: this.gradB });
    const perLabel = Float32Array.from({ length: this.labels }, (_, l) => (active[l] ? lrs[l] : 0));
    this.gpu.write(this.lrs, perLabel);
    this.steps++;
    const options = { eps: 1e-5 };
    const [mW, vW, mB, vB] = this.moments;
    adamStep(this.gpu, { param: this.weights, grad: this.gradW, m: mW, v: vW, lrPerGroup: { tensor: this.lrs, groupSize: PROBE_CLASSES * this.features } }, this.steps, options, "probe adam");
    adamStep(this.gpu, { param: this.biases, grad: this.gradB, m: mB, v: vB, lrPerGroup: { tensor: this.lrs, groupSize: PROBE_CLASSES } }, this.steps, options, "probe adam");
  }
}

// Reorders targets [batch, labels] to the [labels, batch] rows of the logits.
function labelMajor(targets: Uint8Array, batch: number, labels: number): Uint32Array {
  const out = new Uint32Array(batch * labels);
  for (let n = 0; n < batch; n++) {
    for (let l = 0; l < labels; l++) out[l * batch + n] = targets[n * labels + l];
  }
  return out;
}

function statsOf(rowLoss: Float32Array, rowPred: Uint32Array, targets: Uint8Array, batch: number, labels: number, active: ArrayLike<boolean>): ProbeStepStats {
  const loss = new Float64Array(labels);
  const accuracy = new Float64Array(labels);
  for (let l = 0; l < labels; l++) {
    if (!active[l]) continue;
    let sum = 0;
    let correct = 0;
    for (let n = 0; n < batch; n++) {
      sum += rowLoss[l * batch + n];
      if (rowPred[l * batch + n] === targets[n * labels + l]) correct++;
    }
    loss[l] = sum / batch;
    accuracy[l] = correct / batch;
  }
  return { loss, accuracy };
}
