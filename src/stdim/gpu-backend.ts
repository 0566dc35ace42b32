// ST-DIM training on WebGPU kernels: the encoder, both score heads, their
// gradients and Adam, with every tensor on the device. Frames go up as
// uint8; only the loss values come back each step.
import {
  Adam,
  axpy,
  biasGradient,
  broadcast,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  infoNceBackward,
  infoNceLogits,
  linearBackward,
  linearForward,
  matmul,
  matrix,
  positionsView,
  reluBackward,
  softmaxCrossEntropy,
  transpose,
  uploadFrames,
  type Gpu,
  type Tensor,
} from "../gpu/index.ts";
import { parameterShapes } from "../checkpoint/parameters.ts";
import { AdamState } from "./adam.ts";
import type { StdimBackend, StepLosses } from "./backend.ts";
import { localShape, type EncoderSpec, type Parameters } from "./encoder.ts";
import type { StdimObjective } from "./reference.ts";

interface Activations {
  input: Tensor;
  convOutputs: Tensor[];
  global: Tensor | null;
}

/** Loss values and, when requested, gradients read back from the GPU. */
export interface GpuLossResult extends StepLosses {
  gradients?: Map<string, Float32Array>;
}

/**
 * {@link StdimBackend} on a {@link Gpu}: parameters, gradients and Adam
 * moments live in GPU buffers. Supports `infonce-stdim` and
 * `global-local-infonce-stdim`.
 */
export class GpuStdimBackend implements StdimBackend {
  private readonly names: string[];
  private readonly params = new Map<string, Tensor>();
  private readonly grads = new Map<string, Tensor>();
  private adam: Adam;
  private temporaries: Tensor[] = [];

  constructor(
    readonly gpu: Gpu,
    readonly spec: EncoderSpec,
    readonly objective: StdimObjective,
    initial: Parameters,
    readonly lr = 3e-4,
    readonly eps = 1e-5,
  ) {
    if (objective === "global-infonce-stdim") {
      throw new Error("the GPU backend supports infonce-stdim and global-local-infonce-stdim; use CpuStdimBackend for global-infonce-stdim");
    }
    const shapes = parameterShapes(spec, initial);
    this.names = [...shapes.keys()];
    for (const [name, shape] of shapes) {
      const data = initial.get(name);
      if (!data) throw new Error(`initial parameters lack ${name}`);
      this.params.set(name, gpu.upload(data, shape, name));
      this.grads.set(name, gpu.zeros(shape, `${name} grad`));
    }
    this.adam = new Adam(gpu, this.names.map((n) => this.params.get(n)!), { lr, eps });
  }

  async stdimStep(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean): Promise<StepLosses> {
    const result = await this.run(framesT, framesPrev, batch, train, false);
    return { loss: result.loss, loss1: result.loss1, loss2: result.loss2 };
  }

  /** Loss and all gradients of one batch, without an update (for checks). */
  async lossAndGradients(framesT: Uint8Array, framesPrev: Uint8Array, batch: number): Promise<GpuLossResult> {
    return this.run(framesT, framesPrev, batch, false, true);
  }

  async encode(frames: Uint8Array, batch: number): Promise<Float32Array> {
    try {
      const acts = this.forward(frames, batch, true);
      return await this.readF32(acts.global!);
    } finally {
      this.releaseTemporaries();
    }
  }

  async parameters(): Promise<Parameters> {
    const out: Parameters = new Map();
    for (const name of this.names) out.set(name, await this.readF32(this.params.get(name)!));
    return out;
  }

  async optimizerState(): Promise<AdamState> {
    const params = await this.parameters();
    const state = new AdamState(params);
    state.step = this.adam.steps;
    for (let i = 0; i < this.names.length; i++) {
      const { m, v } = this.adam.state(i);
      state.m.get(this.names[i])!.set(await this.readF32(m));
      state.v.get(this.names[i])!.set(await this.readF32(v));
    }
    return state;
  }

  async load(params: Parameters, optimizer?: AdamState): Promise<void> {
    for (const name of this.names) {
      const data = params.get(name);
      if (!data) throw new Error(`parameters to load lack ${name}`);
      this.gpu.write(this.params.get(name)!, data);
    }
    this.adam.release();
    this.adam = new Adam(this.gpu, this.names.map((n) => this.params.get(n)!), { lr: this.lr, eps: this.eps });
    if (optimizer) {
      this.adam.steps = optimizer.step;
      this.names.forEach((name, i) => {
        const { m, v } = this.adam.state(i);
        this.gpu.write(m, optimizer.m.get(name)!);
        this.gpu.write(v, optimizer.v.get(name)!);
      });
    }
    await this.gpu.sync();
  }

  /** Frees every GPU buffer of this backend. */
  release(): void {
    this.adam.release();
    for (const t of [...this.params.values(), ...this.grads.values()]) t.release();
    this.params.clear();
    this.grads.clear();
  }

  // 1. Forward x_t fully and x_{t-1} up to the local map.
  // 2. loss1 scores and their cross-entropy; loss2 likewise (infonce-stdim).
  // 3. When training or asked for gradients: backward through heads and
  //    encoder into the gradient tensors (zeroed first, then accumulated).
  // 4. Adam when training; read the per-row losses back.
  private async run(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean, readGradients: boolean): Promise<GpuLossResult> {
    try {
      const actsT = this.forward(framesT, batch, true);
      const actsPrev = this.forward(framesPrev, batch, false);
      const backward = train || readGradients;
      if (backward) for (const g of this.grads.values()) this.gpu.zero(g);
      const { positions } = localShape(this.spec);
      const scale = 1 / (batch * positions);
      const dLocalPrev = backward ? this.temp(this.gpu.zeros(actsPrev.convOutputs[this.spec.localConv].shape, "dlocal prev")) : null;
      const dGlobal = backward ? this.temp(this.gpu.tensor(actsT.global!.shape, "dglobal")) : null;
      const loss1Rows = this.globalLocal(actsT, actsPrev, scale, dGlobal, dLocalPrev);
      let loss2Rows: Tensor | null = null;
      let dLocalT: Tensor | null = null;
      if (this.objective === "infonce-stdim") {
        dLocalT = backward ? this.temp(this.gpu.tensor(actsT.convOutputs[this.spec.localConv].shape, "dlocal t")) : null;
        loss2Rows = this.localLocal(actsT, actsPrev, scale, dLocalT, dLocalPrev);
      }
      if (backward) {
        this.encoderBackward(actsT, dGlobal, dLocalT);
        this.encoderBackward(actsPrev, null, dLocalPrev);
      }
      if (train) this.adam.step(this.names.map((n) => this.grads.get(n)!));
      const loss1 = meanOf(await this.readF32(loss1Rows));
      const loss2 = loss2Rows ? meanOf(await this.readF32(loss2Rows)) : 0;
      const result: GpuLossResult = { loss: loss1 + loss2, loss1, loss2 };
      if (readGradients) {
        result.gradients = new Map();
        for (const name of this.names) result.gradients.set(name, await this.readF32(this.grads.get(name)!));
      }
      return result;
    } finally {
      this.releaseTemporaries();
    }
  }

  private forward(frames: Uint8Array, batch: number, full: boolean): Activations {
    const { spec } = this;
    const input = this.temp(uploadFrames(this.gpu, frames, [batch, spec.inputChannels, spec.inputHeight, spec.inputWidth]));
    const convOutputs: Tensor[] = [];
    const last = full ? spec.convs.length - 1 : spec.localConv;
    let x = input;
    for (let i = 0; i <= last; i++) {
      const conv = spec.convs[i];
      x = this.temp(conv2dForward(this.gpu, x, this.param(`${conv.name}.weight`), this.param(`${conv.name}.bias`), {
        stride: conv.stride,
        relu: true,
        label: conv.name,
      }));
      convOutputs.push(x);
    }
    let global: Tensor | null = null;
    if (full) {
      const { name, inFeatures } = spec.linear;
      const flat = x.reshape([batch, inFeatures], `${name} input`);
      global = this.temp(linearForward(this.gpu, flat, this.param(`${name}.weight`), this.param(`${name}.bias`), {
        relu: spec.endWithRelu,
        label: name,
      }));
    }
    return { input, convOutputs, global };
  }

  // loss1: classifier1(global_t) [B, D] against local_{t-1} at every position.
  private globalLocal(actsT: Activations, actsPrev: Activations, scale: number, dGlobal: Tensor | null, dLocalPrev: Tensor | null): Tensor {
    const { positions } = localShape(this.spec);
    const global = actsT.global!;
    const localPrev = positionsView(actsPrev.convOutputs[this.spec.localConv]);
    const w1 = this.param("classifier1.weight");
    const pred = this.temp(linearForward(this.gpu, global, w1, this.param("classifier1.bias"), { label: "classifier1" }));
    const anchors = broadcast(matrix(pred), positions);
    const scores = this.temp(infoNceLogits(this.gpu, anchors, localPrev, { label: "loss1 scores" }));
    const { loss, grad } = softmaxCrossEntropy(this.gpu, scores, "diagonal", { scale, label: "loss1" });
    this.temp(loss);
    this.temp(grad);
    if (dGlobal && dLocalPrev) {
      const dPred = this.temp(this.gpu.tensor(pred.shape, "dclassifier1"));
      // A broadcast output view receives the sum over positions.
      infoNceBackward(this.gpu, grad, anchors, localPrev, { da: broadcast(matrix(dPred), positions), db: positionsView(dLocalPrev), accumulate: false }, "loss1 backward");
      linearBackward(this.gpu, dPred, global, w1, {
        dx: dGlobal,
        dWeight: this.grads.get("classifier1.weight"),
        dBias: this.grads.get("classifier1.bias"),
        accumulate: false,
      }, "classifier1 backward");
    }
    return loss;
  }

  // loss2: classifier2(local_t at p) against local_{t-1} at p.
  private localLocal(actsT: Activations, actsPrev: Activations, scale: number, dLocalT: Tensor | null, dLocalPrev: Tensor | null): Tensor {
    const { positions, depth } = localShape(this.spec);
    const batch = actsT.input.shape[0];
    const localT = positionsView(actsT.convOutputs[this.spec.localConv]);
    const localPrev = positionsView(actsPrev.convOutputs[this.spec.localConv]);
    const w2 = this.param("classifier2.weight");
    const pred = this.temp(this.gpu.tensor([positions, batch, depth], "classifier2 out"));
    const w2t = broadcast(transpose(matrix(w2)), positions);
    matmul(this.gpu, localT, w2t, matrix(pred), { bias: { tensor: this.param("classifier2.bias"), along: "cols" }, label: "classifier2" });
    const scores = this.temp(infoNceLogits(this.gpu, matrix(pred), localPrev, { label: "loss2 scores" }));
    const { loss, grad } = softmaxCrossEntropy(this.gpu, scores, "diagonal", { scale, label: "loss2" });
    this.temp(loss);
    this.temp(grad);
    if (dLocalT && dLocalPrev) {
      const dPred = this.temp(this.gpu.tensor(pred.shape, "dclassifier2"));
      infoNceBackward(this.gpu, grad, matrix(pred), localPrev, { da: matrix(dPred) }, "loss2 backward da");
      infoNceBackward(this.gpu, grad, matrix(pred), localPrev, { db: positionsView(dLocalPrev), accumulate: true }, "loss2 backward db");
      // dW2 = sum over positions of dPred[p]^T local_t[p]; a batch-1 output sums the batch.
      matmul(this.gpu, transpose(matrix(dPred)), localT, matrix(this.grads.get("classifier2.weight")!), { label: "classifier2 dW" });
      biasGradient(this.gpu, dPred.reshape([positions * batch, depth]), this.grads.get("classifier2.bias")!, { label: "classifier2 db" });
      matmul(this.gpu, matrix(dPred), broadcast(matrix(w2), positions), positionsView(dLocalT), { label: "classifier2 dx" });
    }
    return loss;
  }

  // Backward through the encoder from the global feature (dGlobal) and the
  // local map (dLocal), accumulating into the parameter gradients.
  private encoderBackward(acts: Activations, dGlobal: Tensor | null, dLocal: Tensor | null): void {
    const { spec, gpu } = this;
    const batch = acts.input.shape[0];
    const count = acts.convOutputs.length;
    let dy: Tensor | null = null;
    if (dGlobal) {
      const { name, inFeatures } = spec.linear;
      const g = spec.endWithRelu ? this.temp(reluBackward(gpu, dGlobal, acts.global!)) : dGlobal;
      const flat = acts.convOutputs[count - 1].reshape([batch, inFeatures], `${name} input`);
      // Zeroed because accumulate below also applies to dx.
      const dFlat = this.temp(gpu.zeros([batch, inFeatures], `${name} dx`));
      linearBackward(gpu, g, flat, this.param(`${name}.weight`), {
        dx: dFlat,
        dWeight: this.grads.get(`${name}.weight`),
        dBias: this.grads.get(`${name}.bias`),
        accumulate: true,
      }, `${name} backward`);
      dy = dFlat.reshape(acts.convOutputs[count - 1].shape, `${name} dx`);
    }
    for (let i = count - 1; i >= 0; i--) {
      if (i === spec.localConv && dLocal) {
        if (dy) axpy(gpu, 1, dLocal, 1, dy, "add local gradient");
        else dy = dLocal;
      }
      if (!dy) continue;
      const conv = spec.convs[i];
      const dPre = this.temp(reluBackward(gpu, dy, acts.convOutputs[i], undefined, `${conv.name} relu backward`));
      const input = i === 0 ? acts.input : acts.convOutputs[i - 1];
      conv2dBackwardWeight(gpu, dPre, input, {
        dWeight: this.grads.get(`${conv.name}.weight`)!,
        dBias: this.grads.get(`${conv.name}.bias`),
        accumulate: true,
        stride: conv.stride,
        label: `${conv.name} backward weight`,
      });
      dy = i > 0
        ? this.temp(conv2dBackwardInput(gpu, dPre, this.param(`${conv.name}.weight`), { stride: conv.stride, inputShape: input.shape, label: `${conv.name} backward input` }))
        : null;
    }
  }

  private async readF32(t: Tensor): Promise<Float32Array> {
    return (await this.gpu.read(t)) as Float32Array;
  }

  private param(name: string): Tensor {
    const t = this.params.get(name);
    if (!t) throw new Error(`GPU backend has no parameter ${name}`);
    return t;
  }

  private temp<T extends Tensor>(t: T): T {
    this.temporaries.push(t);
    return t;
  }

  private releaseTemporaries(): void {
    for (const t of this.temporaries) if (!t.released) t.release();
    this.temporaries = [];
  }
}

function meanOf(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

