// The `supervised` baseline: for each label, a copy of the encoder and a
// linear probe trained end to end on that label, as the reference's
// FullySupervisedLinearProbe does (it deep-copies the encoder per label).
import { linearBackward, linearForward, softmaxCrossEntropy, argmax, type Gpu, type Tensor } from "../gpu/index.ts";
import { encoderParameterSpecs, type EncoderSpec, type Parameters } from "../stdim/encoder.ts";
import { GpuEncoderModel } from "../stdim/gpu-model.ts";
import { Random } from "../stdim/random.ts";
import { PROBE_CLASSES } from "./linear-probes.ts";
import type { ProbeModel, ProbeStepStats } from "./probe-model.ts";

/** Loss, accuracy and predictions of one batch for one label. */
export interface SupervisedStep {
  loss: number;
  accuracy: number;
  predicted: Uint32Array;
  /** Gradients by parameter name, when requested. */
  gradients?: Map<string, Float32Array>;
}

/**
 * One encoder with a linear probe (`probe.model.weight` [256, features],
 * `probe.model.bias` [256]) trained on the cross-entropy of one label.
 */
export class GpuSupervisedModel extends GpuEncoderModel {
  private readonly lrTensor: Tensor;
  private readonly largestParameter: number;

  constructor(gpu: Gpu, spec: EncoderSpec, initial: Parameters, lr = 3e-4, eps = 1e-5) {
    const shapes = new Map(encoderParameterSpecs(spec).map((p) => [p.name, p.shape]));
    shapes.set("probe.model.weight", [PROBE_CLASSES, spec.linear.outFeatures]);
    shapes.set("probe.model.bias", [PROBE_CLASSES]);
    super(gpu, spec, shapes, initial, lr, eps);
    this.lrTensor = gpu.upload(new Float32Array([lr]), [1], "supervised lr");
    this.largestParameter = Math.max(...[...shapes.values()].map((s) => s.reduce((a, b) => a * b, 1)));
  }

  /**
   * Scores a batch of frames against one label's targets; with `lr`, also
   * takes one Adam step of encoder and probe at that learning rate.
   */
  async step(frames: Uint8Array, targets: Uint32Array, batch: number, lr: number | null, readGradients = false): Promise<SupervisedStep> {
    try {
      const acts = this.forward(frames, batch, true);
      const w = this.param("probe.model.weight");
      const logits = this.temp(linearForward(this.gpu, acts.global!, w, this.param("probe.model.bias"), { label: "supervised probe" }));
      const t = this.temp(this.gpu.upload(targets, [batch], "supervised targets", "u32"));
      const { loss, grad } = softmaxCrossEntropy(this.gpu, logits, t, { scale: 1 / batch, label: "supervised loss" });
      this.temp(loss);
      this.temp(grad);
      const predicted = this.temp(argmax(this.gpu, logits, undefined, "supervised argmax"));
      if (lr !== null || readGradients) {
        this.zeroGradients();
        const dGlobal = this.temp(this.gpu.tensor(acts.global!.shape, "supervised dglobal"));
        linearBackward(this.gpu, grad, acts.global!, w, {
          dx: dGlobal,
          dWeight: this.grads.get("probe.model.weight"),
          dBias: this.grads.get("probe.model.bias"),
        }, "supervised probe backward");
        this.encoderBackward(acts, dGlobal, null);
      }
      if (lr !== null) {
        this.gpu.write(this.lrTensor, new Float32Array([lr]));
        this.adam.step(this.names.map((n) => this.grads.get(n)!), { tensor: this.lrTensor, groupSize: this.largestParameter });
      }
      const rowLoss = await this.readF32(loss);
      const rowPred = (await this.gpu.read(predicted)) as Uint32Array;
      let correct = 0;
      for (let n = 0; n < batch; n++) if (rowPred[n] === targets[n]) correct++;
      const result: SupervisedStep = { loss: rowLoss.reduce((a, b) => a + b, 0) / batch, accuracy: correct / batch, predicted: rowPred };
      if (readGradients) {
        result.gradients = new Map();
        for (const name of this.names) result.gradients.set(name, await this.readF32(this.grads.get(name)!));
      }
      return result;
    } finally {
      this.releaseTemporaries();
    }
  }

  override release(): void {
    this.lrTensor.release();
    super.release();
  }
}

/**
 * {@link ProbeModel} for the `supervised` baseline: one
 * {@link GpuSupervisedModel} per label, all starting from the same encoder
 * weights, each with its own probe, Adam and learning rate. It reads
 * frames, not features.
 */
export class SupervisedProbes implements ProbeModel {
  readonly features = 0;
  private readonly models: GpuSupervisedModel[];

  constructor(gpu: Gpu, spec: EncoderSpec, encoder: Parameters, readonly labels: number, random: Random) {
    const bound = 1 / Math.sqrt(spec.linear.outFeatures);
    const uniform = (n: number) => Float32Array.from({ length: n }, () => (2 * random.uniform() - 1) * bound);
    this.models = Array.from({ length: labels }, () => {
      const params = new Map(encoder);
      params.set("probe.model.weight", uniform(PROBE_CLASSES * spec.linear.outFeatures));
      params.set("probe.model.bias", uniform(PROBE_CLASSES));
      return new GpuSupervisedModel(gpu, spec, params);
    });
  }

  async step(_x: Float32Array, targets: Uint8Array, batch: number, active: ArrayLike<boolean>, lrs: ArrayLike<number> | null, frames?: Uint8Array): Promise<ProbeStepStats> {
    const input = requireFrames(frames);
    const loss = new Float64Array(this.labels);
    const accuracy = new Float64Array(this.labels);
    for (let l = 0; l < this.labels; l++) {
      if (!active[l]) continue;
      const result = await this.models[l].step(input, column(targets, batch, this.labels, l), batch, lrs ? lrs[l] : null);
      loss[l] = result.loss;
      accuracy[l] = result.accuracy;
    }
    return { loss, accuracy };
  }

  async predict(_x: Float32Array, batch: number, frames?: Uint8Array): Promise<Uint8Array> {
    const input = requireFrames(frames);
    const out = new Uint8Array(batch * this.labels);
    const none = new Uint32Array(batch);
    for (let l = 0; l < this.labels; l++) {
      const { predicted } = await this.models[l].step(input, none, batch, null);
      for (let n = 0; n < batch; n++) out[n * this.labels + l] = predicted[n];
    }
    return out;
  }

  /** Frees every model's GPU buffers. */
  release(): void {
    for (const model of this.models) model.release();
  }
}

function requireFrames(frames: Uint8Array | undefined): Uint8Array {
  if (!frames) throw new Error("the supervised baseline trains on frames: build its dataset with frames");
  return frames;
}

function column(values: Uint8Array, batch: number, labels: number, l: number): Uint32Array {
  const out = new Uint32Array(batch);
  for (let n = 0; n < batch; n++) out[n] = values[n * labels + l];
  return out;
}
