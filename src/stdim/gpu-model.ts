// Parameters, gradients, Adam state and the encoder's forward and backward
// passes on WebGPU, shared by the models that train a NatureCNN encoder.
import {
  Adam,
  axpy,
  conv2dBackwardInputNhwc,
  conv2dBackwardWeightNhwc,
  conv2dForwardNhwc,
  linearBackward,
  linearForward,
  permute,
  reluBackward,
  uploadFrames,
  type Gpu,
  type Tensor,
} from "../gpu/index.ts";
import { AdamState } from "./adam.ts";
import type { EncoderSpec, Parameters } from "./encoder.ts";

/**
 * Encoder activations kept for the backward pass. The input and the
 * convolution outputs are channels-last [N, H, W, C], which lets the
 * convolution kernels read every operand as vec4.
 */
export interface Activations {
  input: Tensor;
  convOutputs: Tensor[];
  /** Last convolution output flattened in PyTorch's (C, H, W) order, the linear layer's input. */
  flat: Tensor | null;
  global: Tensor | null;
}

/**
 * Named parameters on the GPU with their gradients and one Adam over all
 * of them. Encoder tensors are named as in PyTorch (`main.0.weight`, ...);
 * subclasses add their heads under their own names.
 */
export class GpuEncoderModel {
  protected readonly names: string[];
  protected readonly params = new Map<string, Tensor>();
  protected readonly grads = new Map<string, Tensor>();
  protected adam: Adam;
  private temporaries: Tensor[] = [];

  constructor(
    readonly gpu: Gpu,
    readonly spec: EncoderSpec,
    shapes: Map<string, number[]>,
    initial: Parameters,
    readonly lr = 3e-4,
    readonly eps = 1e-5,
  ) {
    this.names = [...shapes.keys()];
    for (const [name, shape] of shapes) {
      const data = initial.get(name);
      if (!data) throw new Error(`initial parameters lack ${name}`);
      this.params.set(name, gpu.upload(data, shape, name));
      this.grads.set(name, gpu.zeros(shape, `${name} grad`));
    }
    this.adam = new Adam(gpu, this.names.map((n) => this.params.get(n)!), { lr, eps });
  }

  /** Computes the global features [batch, featureSize] of uint8 frames. */
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

  protected zeroGradients(): void {
    for (const g of this.grads.values()) this.gpu.zero(g);
  }

  protected stepAdam(): void {
    this.adam.step(this.names.map((n) => this.grads.get(n)!));
  }

  /** Uploads frames and runs the convolutions (and the linear layer when `full`). */
  protected forward(frames: Uint8Array, batch: number, full: boolean): Activations {
    const { spec, gpu } = this;
    const { inputChannels: channels, inputHeight: height, inputWidth: width } = spec;
    const frameTensor = this.temp(uploadFrames(gpu, frames, [batch, channels, height, width]));
    // One channel has the same memory order in NCHW and NHWC.
    const input = channels === 1
      ? frameTensor.reshape([batch, height, width, 1], "frames nhwc")
      : this.temp(permute(gpu, frameTensor, [0, 2, 3, 1], undefined, "frames nhwc"));
    const convOutputs: Tensor[] = [];
    const last = full ? spec.convs.length - 1 : spec.localConv;
    let x = input;
    for (let i = 0; i <= last; i++) {
      const conv = spec.convs[i];
      x = this.temp(conv2dForwardNhwc(gpu, x, this.param(`${conv.name}.weight`), this.param(`${conv.name}.bias`), {
        stride: conv.stride,
        relu: true,
        label: conv.name,
      }));
      convOutputs.push(x);
    }
    let flat: Tensor | null = null;
    let global: Tensor | null = null;
    if (full) {
      const { name, inFeatures } = spec.linear;
      flat = this.temp(permute(gpu, x, [0, 3, 1, 2], undefined, `${name} input`)).reshape([batch, inFeatures], `${name} input`);
      global = this.temp(linearForward(gpu, flat, this.param(`${name}.weight`), this.param(`${name}.bias`), {
        relu: spec.endWithRelu,
        label: name,
      }));
    }
    return { input, convOutputs, flat, global };
  }

  // Backward through the encoder from the global feature (dGlobal) and the
  // local map (dLocal), accumulating into the parameter gradients.
  protected encoderBackward(acts: Activations, dGlobal: Tensor | null, dLocal: Tensor | null): void {
    const { spec, gpu } = this;
    const batch = acts.input.shape[0];
    const count = acts.convOutputs.length;
    let dy: Tensor | null = null;
    if (dGlobal) {
      const { name, inFeatures } = spec.linear;
      const g = spec.endWithRelu ? this.temp(reluBackward(gpu, dGlobal, acts.global!)) : dGlobal;
      // Zeroed because accumulate below also applies to dx.
      const dFlat = this.temp(gpu.zeros([batch, inFeatures], `${name} dx`));
      linearBackward(gpu, g, acts.flat!, this.param(`${name}.weight`), {
        dx: dFlat,
        dWeight: this.grads.get(`${name}.weight`),
        dBias: this.grads.get(`${name}.bias`),
        accumulate: true,
      }, `${name} backward`);
      const [, h, w, c] = acts.convOutputs[count - 1].shape;
      dy = this.temp(permute(gpu, dFlat.reshape([batch, c, h, w]), [0, 2, 3, 1], undefined, `${name} dx nhwc`));
    }
    // dy is the gradient at convOutputs[i]. `gated` is true when the ReLU
    // backward of that output is already applied (fused into the input
    // gradient of layer i + 1).
    let gated = false;
    for (let i = count - 1; i >= 0; i--) {
      if (i === spec.localConv && dLocal) {
        if (dy) axpy(gpu, 1, dLocal, 1, dy, "add local gradient");
        else dy = dLocal;
      }
      if (!dy) continue;
      const conv = spec.convs[i];
      const dPre = gated ? dy : this.temp(reluBackward(gpu, dy, acts.convOutputs[i], undefined, `${conv.name} relu backward`));
      const input = i === 0 ? acts.input : acts.convOutputs[i - 1];
      conv2dBackwardWeightNhwc(gpu, dPre, input, {
        dWeight: this.grads.get(`${conv.name}.weight`)!,
        dBias: this.grads.get(`${conv.name}.bias`),
        accumulate: true,
        stride: conv.stride,
        label: `${conv.name} backward weight`,
      });
      if (i === 0) break;
      // The local gradient joins at convOutputs[localConv] before its ReLU
      // backward, so that layer's gate cannot be fused.
      gated = !(i - 1 === spec.localConv && dLocal);
      dy = this.temp(conv2dBackwardInputNhwc(gpu, dPre, this.param(`${conv.name}.weight`), {
        stride: conv.stride,
        inputShape: input.shape,
        reluOutput: gated ? input : undefined,
        label: `${conv.name} backward input`,
      }));
    }
  }

  protected async readF32(t: Tensor): Promise<Float32Array> {
    return (await this.gpu.read(t)) as Float32Array;
  }

  protected param(name: string): Tensor {
    const t = this.params.get(name);
    if (!t) throw new Error(`GPU backend has no parameter ${name}`);
    return t;
  }

  protected temp<T extends Tensor>(t: T): T {
    this.temporaries.push(t);
    return t;
  }

  protected releaseTemporaries(): void {
    for (const t of this.temporaries) if (!t.released) t.release();
    this.temporaries = [];
  }
}
