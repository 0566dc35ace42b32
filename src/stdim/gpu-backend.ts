// ST-DIM training on WebGPU kernels: the encoder, both score heads, their
// gradients and Adam, with every tensor on the device. Frames go up as
// uint8; only the loss values come back each step.
import {
  biasGradient,
  broadcast,
  infoNceBackward,
  infoNceLogits,
  linearBackward,
  linearForward,
  matmul,
  matrix,
  permute,
  positionsViewNhwc as positionsView,
  softmaxCrossEntropy,
  transpose,
  type Gpu,
  type MatrixView,
  type Tensor,
  type TuningResult,
} from "../gpu/index.ts";
import { parameterShapes } from "../checkpoint/parameters.ts";
import type { StdimBackend, StepLosses } from "./backend.ts";
import { localShape, type EncoderSpec, type Parameters } from "./encoder.ts";
import { GpuEncoderModel, type Activations } from "./gpu-model.ts";
import type { StdimObjective } from "./reference.ts";

/** Loss values and, when requested, gradients read back from the GPU. */
export interface GpuLossResult extends StepLosses {
  gradients?: Map<string, Float32Array>;
}

/**
 * {@link StdimBackend} on a {@link Gpu}: parameters, gradients and Adam
 * moments live in GPU buffers. Supports every {@link StdimObjective}.
 */
export class GpuStdimBackend extends GpuEncoderModel implements StdimBackend {
  constructor(
    gpu: Gpu,
    spec: EncoderSpec,
    readonly objective: StdimObjective,
    initial: Parameters,
    lr = 3e-4,
    eps = 1e-5,
  ) {
    super(gpu, spec, parameterShapes(spec, initial), initial, lr, eps);
  }

  async stdimStep(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean): Promise<StepLosses> {
    const result = await this.run(framesT, framesPrev, batch, train, false);
    return { loss: result.loss, loss1: result.loss1, loss2: result.loss2 };
  }

  /**
   * Tunes the kernel variants for every shape a training step at `batch`
   * uses (see {@link Gpu.autotune}). It runs one loss and gradient pass on
   * the frames and leaves the parameters and Adam state unchanged.
   */
  async autotune(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, samples = 3): Promise<TuningResult[]> {
    return this.gpu.autotune(() => this.run(framesT, framesPrev, batch, false, true).then(() => undefined), samples);
  }

  /** Loss and all gradients of one batch, without an update (for checks). */
  async lossAndGradients(framesT: Uint8Array, framesPrev: Uint8Array, batch: number): Promise<GpuLossResult> {
    return this.run(framesT, framesPrev, batch, false, true);
  }

  // 1. Forward x_t fully and x_{t-1} up to the local map.
  // 2. loss1 scores and their cross-entropy; loss2 likewise (infonce-stdim).
  // 3. When training or asked for gradients: backward through heads and
  //    encoder into the gradient tensors (zeroed first, then accumulated).
  // 4. Adam when training; read the per-row losses back.
  private async run(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean, readGradients: boolean): Promise<GpuLossResult> {
    try {
      const actsT = this.forward(framesT, batch, true);
      const globalOnly = this.objective === "global-infonce-stdim";
      const actsPrev = this.forward(framesPrev, batch, globalOnly);
      const backward = train || readGradients;
      if (backward) this.zeroGradients();
      const dGlobal = backward ? this.temp(this.gpu.tensor(actsT.global!.shape, "dglobal")) : null;
      let loss1Rows: Tensor;
      let loss2Rows: Tensor | null = null;
      let dGlobalPrev: Tensor | null = null;
      let dLocalPrev: Tensor | null = null;
      let dLocalT: Tensor | null = null;
      if (globalOnly) {
        dGlobalPrev = backward ? this.temp(this.gpu.tensor(actsPrev.global!.shape, "dglobal prev")) : null;
        loss1Rows = this.globalGlobal(actsT, actsPrev, 1 / batch, dGlobal, dGlobalPrev);
      } else {
        const { positions } = localShape(this.spec);
        const scale = 1 / (batch * positions);
        dLocalPrev = backward ? this.temp(this.gpu.zeros(actsPrev.convOutputs[this.spec.localConv].shape, "dlocal prev")) : null;
        loss1Rows = this.globalLocal(actsT, actsPrev, scale, dGlobal, dLocalPrev);
        if (this.objective === "infonce-stdim") {
          dLocalT = backward ? this.temp(this.gpu.tensor(actsT.convOutputs[this.spec.localConv].shape, "dlocal t")) : null;
          loss2Rows = this.localLocal(actsT, actsPrev, scale, dLocalT, dLocalPrev);
        }
      }
      if (backward) {
        this.encoderBackward(actsT, dGlobal, dLocalT);
        this.encoderBackward(actsPrev, dGlobalPrev, dLocalPrev);
      }
      if (train) this.stepAdam();
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

  // global-infonce-stdim's only loss: classifier1(global_t) [B, F] against
  // global_{t-1}, one [B, B] score matrix (a single "position").
  private globalGlobal(actsT: Activations, actsPrev: Activations, scale: number, dGlobal: Tensor | null, dGlobalPrev: Tensor | null): Tensor {
    const targets = broadcast(matrix(actsPrev.global!), 1);
    const dTargets = dGlobalPrev ? broadcast(matrix(dGlobalPrev), 1) : null;
    return this.classifier1Loss(actsT.global!, targets, 1, scale, dGlobal, dTargets, "global loss");
  }

  // loss1: classifier1(global_t) [B, D] against local_{t-1} at every position.
  private globalLocal(actsT: Activations, actsPrev: Activations, scale: number, dGlobal: Tensor | null, dLocalPrev: Tensor | null): Tensor {
    const { positions } = localShape(this.spec);
    const targets = positionsView(actsPrev.convOutputs[this.spec.localConv]);
    const dTargets = dLocalPrev ? positionsView(dLocalPrev) : null;
    return this.classifier1Loss(actsT.global!, targets, positions, scale, dGlobal, dTargets, "loss1");
  }

  /**
   * Scores classifier1(global) against `targets` ([P, B, D] views) with the
   * diagonal as the classes, and returns the per-row losses. With gradient
   * outputs it writes dGlobal and dTargets and classifier1's gradients.
   */
  private classifier1Loss(
    global: Tensor,
    targets: MatrixView,
    positions: number,
    scale: number,
    dGlobal: Tensor | null,
    dTargets: MatrixView | null,
    label: string,
  ): Tensor {
    const w1 = this.param("classifier1.weight");
    const pred = this.temp(linearForward(this.gpu, global, w1, this.param("classifier1.bias"), { label: "classifier1" }));
    const anchors = broadcast(matrix(pred), positions);
    const scores = this.temp(infoNceLogits(this.gpu, anchors, targets, { label: `${label} scores` }));
    const { loss, grad } = softmaxCrossEntropy(this.gpu, scores, "diagonal", { scale, label });
    this.temp(loss);
    this.temp(grad);
    if (dGlobal && dTargets) {
      const dPred = this.temp(this.gpu.tensor(pred.shape, "dclassifier1"));
      // A broadcast output view receives the sum over positions.
      infoNceBackward(this.gpu, grad, anchors, targets, { da: broadcast(matrix(dPred), positions), db: dTargets, accumulate: false }, `${label} backward`);
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
    // A transposed copy (depth^2 elements) lets the vec4 product read W2^T by rows.
    const w2t = broadcast(matrix(this.temp(permute(this.gpu, w2, [1, 0], undefined, "classifier2 w^T"))), positions);
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

}

function meanOf(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

