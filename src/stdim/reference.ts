// Float64 CPU reference of the encoder and the ST-DIM objectives, with
// exact gradients. It is the ground truth for the GPU kernels and for the
// PyTorch comparison; it is slow and meant for checks, not for training.
import type { ConvSpec, EncoderSpec, Parameters } from "./encoder.ts";
import { localShape } from "./encoder.ts";

/** Trainable objectives of the ST-DIM family, named as the reference does. */
export type StdimObjective =
  | "infonce-stdim"
  | "global-local-infonce-stdim"
  | "global-infonce-stdim";

/** Float64 parameters or gradients by PyTorch name. */
export type Parameters64 = Map<string, Float64Array>;

/** Activations kept by a forward pass for the backward pass. */
export interface EncoderActivations {
  input: Float64Array;
  batch: number;
  /** Post-ReLU output of each convolution that was run. */
  convOutputs: Float64Array[];
  /** Global feature (after the optional final ReLU), if computed. */
  global: Float64Array | null;
}

/** Loss values and gradients of one ST-DIM step. */
export interface StdimResult64 {
  loss: number;
  loss1: number;
  loss2: number;
  gradients: Parameters64;
}

/** Converts uint8 pixels to the float inputs the encoder sees (x / 255). */
export function scaleFrames(frames: Uint8Array): Float64Array {
  const out = new Float64Array(frames.length);
  for (let i = 0; i < frames.length; i++) out[i] = frames[i] / 255;
  return out;
}

/** Copies float32 parameters to float64. */
export function toFloat64(params: Parameters): Parameters64 {
  const out: Parameters64 = new Map();
  for (const [name, value] of params) out.set(name, Float64Array.from(value));
  return out;
}

/**
 * Runs the encoder on `batch` inputs. With `globalFeature` false it stops
 * after the local convolution, which is all the t-1 frames need for the
 * local objectives.
 */
export function encoderForward(
  spec: EncoderSpec,
  params: Parameters64,
  input: Float64Array,
  batch: number,
  globalFeature = true,
): EncoderActivations {
  const convOutputs: Float64Array[] = [];
  const lastConv = globalFeature ? spec.convs.length - 1 : spec.localConv;
  let x = input;
  for (let i = 0; i <= lastConv; i++) {
    const conv = spec.convs[i];
    x = conv2dForward(conv, x, batch, weight(params, conv.name), bias(params, conv.name));
    relu(x);
    convOutputs.push(x);
  }
  let global: Float64Array | null = null;
  if (globalFeature) {
    const { name, inFeatures, outFeatures } = spec.linear;
    global = linearForward(x, batch, inFeatures, outFeatures, weight(params, name), bias(params, name));
    if (spec.endWithRelu) relu(global);
  }
  return { input, batch, convOutputs, global };
}

/**
 * Backpropagates through the encoder. `dGlobal` is the gradient at the
 * global feature (null if it has none) and `dLocal` the gradient at the
 * local map (null if none). Adds parameter gradients into `grads`.
 */
export function encoderBackward(
  spec: EncoderSpec,
  params: Parameters64,
  acts: EncoderActivations,
  dGlobal: Float64Array | null,
  dLocal: Float64Array | null,
  grads: Parameters64,
): void {
  const batch = acts.batch;
  const convCount = acts.convOutputs.length;
  let dx: Float64Array | null = null;
  if (dGlobal) {
    if (!acts.global) throw new Error("encoderBackward: no global feature");
    const g = Float64Array.from(dGlobal);
    if (spec.endWithRelu) reluBackward(g, acts.global);
    const { name, inFeatures, outFeatures } = spec.linear;
    const flat = acts.convOutputs[convCount - 1];
    dx = linearBackward(g, flat, batch, inFeatures, outFeatures, weight(params, name), grad(grads, name, "weight"), grad(grads, name, "bias"));
  }
  for (let i = convCount - 1; i >= 0; i--) {
    if (i === spec.localConv && dLocal) {
      dx = dx ? addInto(dx, dLocal) : Float64Array.from(dLocal);
    }
    if (!dx) continue;
    reluBackward(dx, acts.convOutputs[i]);
    const conv = spec.convs[i];
    const input = i === 0 ? acts.input : acts.convOutputs[i - 1];
    dx = conv2dBackward(conv, dx, input, batch, weight(params, conv.name), grad(grads, conv.name, "weight"), grad(grads, conv.name, "bias"), i > 0);
  }
}

/**
 * Computes the ST-DIM loss and the gradient of every parameter (encoder
 * `main.*`, heads `classifier1.*` and, for `infonce-stdim`, `classifier2.*`)
 * for a batch of frame pairs, inputs already scaled to [0, 1].
 *
 * 1. Encode x_t fully and x_{t-1} up to the local map (fully for the
 *    global-global ablation).
 * 2. loss1: classifier1(global_t) scored against every local vector of
 *    x_{t-1} at each position; cross-entropy with the matching sample as
 *    the target, averaged over positions.
 * 3. loss2: classifier2(local_t at p) scored against local_{t-1} at p.
 * 4. Backpropagate both through the heads and the encoder.
 */
export function stdimLossReference(
  spec: EncoderSpec,
  params: Parameters64,
  inputT: Float64Array,
  inputPrev: Float64Array,
  batch: number,
  objective: StdimObjective = "infonce-stdim",
): StdimResult64 {
  const grads = zeroGradients(params);
  const actsT = encoderForward(spec, params, inputT, batch, true);
  const globalOnly = objective === "global-infonce-stdim";
  const actsPrev = encoderForward(spec, params, inputPrev, batch, globalOnly);
  const globalT = actsT.global as Float64Array;
  if (globalOnly) {
    const loss1 = globalGlobalTerm(spec, params, globalT, actsPrev, batch, grads, actsT);
    return { loss: loss1, loss1, loss2: 0, gradients: grads };
  }

  const { depth, positions } = localShape(spec);
  const localT = actsT.convOutputs[spec.localConv];
  const localPrev = actsPrev.convOutputs[spec.localConv];
  const dLocalPrev = new Float64Array(localPrev.length);
  const dGlobalT = new Float64Array(globalT.length);
  const loss1 = globalLocalTerm(spec, params, globalT, localPrev, batch, grads, dGlobalT, dLocalPrev);
  let loss2 = 0;
  let dLocalT: Float64Array | null = null;
  if (objective === "infonce-stdim") {
    dLocalT = new Float64Array(localT.length);
    loss2 = localLocalTerm(params, localT, localPrev, batch, depth, positions, grads, dLocalT, dLocalPrev);
  }
  encoderBackward(spec, params, actsT, dGlobalT, dLocalT, grads);
  encoderBackward(spec, params, actsPrev, null, dLocalPrev, grads);
  return { loss: loss1 + loss2, loss1, loss2, gradients: grads };
}

function globalLocalTerm(
  spec: EncoderSpec,
  params: Parameters64,
  globalT: Float64Array,
  localPrev: Float64Array,
  batch: number,
  grads: Parameters64,
  dGlobalT: Float64Array,
  dLocalPrev: Float64Array,
): number {
  const { depth, positions } = localShape(spec);
  const features = spec.linear.outFeatures;
  const w1 = weight(params, "classifier1");
  const pred = linearForward(globalT, batch, features, depth, w1, bias(params, "classifier1"));
  const dPred = new Float64Array(pred.length);
  let loss = 0;
  for (let p = 0; p < positions; p++) {
    const target = gatherPosition(localPrev, batch, depth, positions, p);
    const dTarget = new Float64Array(target.length);
    loss += infonce(pred, target, batch, depth, 1 / positions, dPred, dTarget);
    scatterAddPosition(dLocalPrev, dTarget, batch, depth, positions, p);
  }
  const dG = linearBackward(dPred, globalT, batch, features, depth, w1, grad(grads, "classifier1", "weight"), grad(grads, "classifier1", "bias"));
  addInto(dGlobalT, dG);
  return loss / positions;
}

function localLocalTerm(
  params: Parameters64,
  localT: Float64Array,
  localPrev: Float64Array,
  batch: number,
  depth: number,
  positions: number,
  grads: Parameters64,
  dLocalT: Float64Array,
  dLocalPrev: Float64Array,
): number {
  const w2 = weight(params, "classifier2");
  const b2 = bias(params, "classifier2");
  let loss = 0;
  for (let p = 0; p < positions; p++) {
    const source = gatherPosition(localT, batch, depth, positions, p);
    const pred = linearForward(source, batch, depth, depth, w2, b2);
    const target = gatherPosition(localPrev, batch, depth, positions, p);
    const dPred = new Float64Array(pred.length);
    const dTarget = new Float64Array(target.length);
    loss += infonce(pred, target, batch, depth, 1 / positions, dPred, dTarget);
    const dSource = linearBackward(dPred, source, batch, depth, depth, w2, grad(grads, "classifier2", "weight"), grad(grads, "classifier2", "bias"));
    scatterAddPosition(dLocalT, dSource, batch, depth, positions, p);
    scatterAddPosition(dLocalPrev, dTarget, batch, depth, positions, p);
  }
  return loss / positions;
}

// The reference's `global-infonce-stdim`: classifier1(global_t) scored
// against the global features of x_{t-1}, one cross-entropy.
function globalGlobalTerm(
  spec: EncoderSpec,
  params: Parameters64,
  globalT: Float64Array,
  actsPrev: EncoderActivations,
  batch: number,
  grads: Parameters64,
  actsT: EncoderActivations,
): number {
  const features = spec.linear.outFeatures;
  const w1 = weight(params, "classifier1");
  const outFeatures = w1.length / features;
  if (outFeatures !== features) {
    throw new Error(
      `global-infonce-stdim needs classifier1 ${features}x${features}, got ${outFeatures}x${features}`,
    );
  }
  const pred = linearForward(globalT, batch, features, features, w1, bias(params, "classifier1"));
  const globalPrev = actsPrev.global as Float64Array;
  const dPred = new Float64Array(pred.length);
  const dPrev = new Float64Array(globalPrev.length);
  const loss = infonce(pred, globalPrev, batch, features, 1, dPred, dPrev);
  const dT = linearBackward(dPred, globalT, batch, features, features, w1, grad(grads, "classifier1", "weight"), grad(grads, "classifier1", "bias"));
  encoderBackward(spec, params, actsT, dT, null, grads);
  encoderBackward(spec, params, actsPrev, dPrev, null, grads);
  return loss;
}

/**
 * Cross-entropy over logits = pred x target^T (batch x batch) with the
 * diagonal as targets, averaged over the batch. Adds `scale` times the
 * gradients into dPred and dTarget; returns the unscaled loss.
 */
export function infonce(
  pred: Float64Array,
  target: Float64Array,
  batch: number,
  depth: number,
  scale: number,
  dPred: Float64Array,
  dTarget: Float64Array,
): number {
  const logits = new Float64Array(batch * batch);
  for (let i = 0; i < batch; i++) {
    for (let j = 0; j < batch; j++) {
      let sum = 0;
      for (let d = 0; d < depth; d++) sum += pred[i * depth + d] * target[j * depth + d];
      logits[i * batch + j] = sum;
    }
  }
  let loss = 0;
  for (let i = 0; i < batch; i++) {
    const row = logits.subarray(i * batch, (i + 1) * batch);
    let max = -Infinity;
    for (let j = 0; j < batch; j++) max = Math.max(max, row[j]);
    let total = 0;
    for (let j = 0; j < batch; j++) total += Math.exp(row[j] - max);
    loss += max + Math.log(total) - row[i];
    for (let j = 0; j < batch; j++) {
      const g = ((Math.exp(row[j] - max) / total - (i === j ? 1 : 0)) / batch) * scale;
      for (let d = 0; d < depth; d++) {
        dPred[i * depth + d] += g * target[j * depth + d];
        dTarget[j * depth + d] += g * pred[i * depth + d];
      }
    }
  }
  return loss / batch;
}

/** Convolution without padding, bias added, no activation: NCHW. */
export function conv2dForward(
  conv: ConvSpec,
  input: Float64Array,
  batch: number,
  w: Float64Array,
  b: Float64Array,
): Float64Array {
  const { inChannels: ci, outChannels: co, kernel: k, stride: s } = conv;
  const { inHeight: ih, inWidth: iw, outHeight: oh, outWidth: ow } = conv;
  const out = new Float64Array(batch * co * oh * ow);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < co; o++) {
      const outBase = (n * co + o) * oh * ow;
      out.fill(b[o], outBase, outBase + oh * ow);
      for (let c = 0; c < ci; c++) {
        const inBase = (n * ci + c) * ih * iw;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const wv = w[((o * ci + c) * k + ky) * k + kx];
            for (let y = 0; y < oh; y++) {
              const inRow = inBase + (y * s + ky) * iw + kx;
              const outRow = outBase + y * ow;
              for (let x = 0; x < ow; x++) out[outRow + x] += wv * input[inRow + x * s];
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Gradients of a convolution: adds dW and dB into the given arrays and
 * returns dInput (or null when `needInputGradient` is false).
 */
export function conv2dBackward(
  conv: ConvSpec,
  dOut: Float64Array,
  input: Float64Array,
  batch: number,
  w: Float64Array,
  dW: Float64Array,
  dB: Float64Array,
  needInputGradient = true,
): Float64Array | null {
  const { inChannels: ci, outChannels: co, kernel: k, stride: s } = conv;
  const { inHeight: ih, inWidth: iw, outHeight: oh, outWidth: ow } = conv;
  const dIn = needInputGradient ? new Float64Array(batch * ci * ih * iw) : null;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < co; o++) {
      const outBase = (n * co + o) * oh * ow;
      for (let i = 0; i < oh * ow; i++) dB[o] += dOut[outBase + i];
      for (let c = 0; c < ci; c++) {
        const inBase = (n * ci + c) * ih * iw;
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const wIndex = ((o * ci + c) * k + ky) * k + kx;
            const wv = w[wIndex];
            let sum = 0;
            for (let y = 0; y < oh; y++) {
              const inRow = inBase + (y * s + ky) * iw + kx;
              const outRow = outBase + y * ow;
              for (let x = 0; x < ow; x++) {
                const g = dOut[outRow + x];
                sum += g * input[inRow + x * s];
                if (dIn) dIn[inRow + x * s] += g * wv;
              }
            }
            dW[wIndex] += sum;
          }
        }
      }
    }
  }
  return dIn;
}

/** y = x W^T + b for `batch` rows; W is out x in (PyTorch layout). */
export function linearForward(
  x: Float64Array,
  batch: number,
  inFeatures: number,
  outFeatures: number,
  w: Float64Array,
  b: Float64Array,
): Float64Array {
  const y = new Float64Array(batch * outFeatures);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outFeatures; o++) {
      let sum = b[o];
      const wRow = o * inFeatures;
      const xRow = n * inFeatures;
      for (let i = 0; i < inFeatures; i++) sum += x[xRow + i] * w[wRow + i];
      y[n * outFeatures + o] = sum;
    }
  }
  return y;
}

/** Adds dW and dB of a linear layer and returns dX. */
export function linearBackward(
  dY: Float64Array,
  x: Float64Array,
  batch: number,
  inFeatures: number,
  outFeatures: number,
  w: Float64Array,
  dW: Float64Array,
  dB: Float64Array,
): Float64Array {
  const dX = new Float64Array(batch * inFeatures);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outFeatures; o++) {
      const g = dY[n * outFeatures + o];
      if (g === 0) continue;
      dB[o] += g;
      const wRow = o * inFeatures;
      const xRow = n * inFeatures;
      for (let i = 0; i < inFeatures; i++) {
        dW[wRow + i] += g * x[xRow + i];
        dX[xRow + i] += g * w[wRow + i];
      }
    }
  }
  return dX;
}

function relu(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) if (x[i] < 0) x[i] = 0;
}

// PyTorch's ReLU passes no gradient where its output is 0.
function reluBackward(dx: Float64Array, output: Float64Array): void {
  for (let i = 0; i < dx.length; i++) if (output[i] <= 0) dx[i] = 0;
}

function gatherPosition(map: Float64Array, batch: number, depth: number, positions: number, p: number): Float64Array {
  const out = new Float64Array(batch * depth);
  for (let n = 0; n < batch; n++) {
    for (let d = 0; d < depth; d++) out[n * depth + d] = map[(n * depth + d) * positions + p];
  }
  return out;
}

function scatterAddPosition(map: Float64Array, values: Float64Array, batch: number, depth: number, positions: number, p: number): void {
  for (let n = 0; n < batch; n++) {
    for (let d = 0; d < depth; d++) map[(n * depth + d) * positions + p] += values[n * depth + d];
  }
}

function addInto(target: Float64Array, source: Float64Array): Float64Array {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
  return target;
}

function zeroGradients(params: Parameters64): Parameters64 {
  const grads: Parameters64 = new Map();
  for (const [name, value] of params) grads.set(name, new Float64Array(value.length));
  return grads;
}

function weight(params: Parameters64, layer: string): Float64Array {
  return tensor(params, `${layer}.weight`);
}

function bias(params: Parameters64, layer: string): Float64Array {
  return tensor(params, `${layer}.bias`);
}

function grad(grads: Parameters64, layer: string, kind: "weight" | "bias"): Float64Array {
  return tensor(grads, `${layer}.${kind}`);
}

function tensor(map: Parameters64, name: string): Float64Array {
  const value = map.get(name);
  if (!value) throw new Error(`missing parameter ${name}`);
  return value;
}
