import { AdamState } from "../stdim/adam.ts";
import type { Parameters } from "../stdim/encoder.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "./safetensors.ts";

/** Everything needed to continue a training run where it stopped. */
export interface TrainingState {
  params: Parameters;
  /** Shapes by parameter name, as PyTorch has them. */
  shapes: Map<string, number[]>;
  adam: AdamState;
  /** JSON-serializable progress: epoch, early stopping, generator state, history. */
  progress: Record<string, unknown>;
}

const ADAM_M = "optimizer.exp_avg.";
const ADAM_V = "optimizer.exp_avg_sq.";

/**
 * Encodes a training state as one safetensors file: parameters under their
 * PyTorch names, Adam moments under `optimizer.exp_avg.<name>` and
 * `optimizer.exp_avg_sq.<name>` (PyTorch's names for them), the step count
 * and progress in the metadata.
 */
export function encodeTrainingState(state: TrainingState): Uint8Array {
  const tensors = new Map<string, Tensor>();
  for (const [name, value] of state.params) tensors.set(name, { dtype: "F32", shape: shapeOf(state, name), data: value });
  for (const [name, value] of state.adam.m) tensors.set(ADAM_M + name, { dtype: "F32", shape: shapeOf(state, name), data: value });
  for (const [name, value] of state.adam.v) tensors.set(ADAM_V + name, { dtype: "F32", shape: shapeOf(state, name), data: value });
  return encodeSafetensors(tensors, {
    format: "pt",
    adam_step: String(state.adam.step),
    progress: JSON.stringify(state.progress, (_key, value) => (value === -Infinity ? "-Infinity" : value)),
  });
}

/** Decodes a file written by {@link encodeTrainingState}. */
export function decodeTrainingState(bytes: Uint8Array): TrainingState {
  const file = decodeSafetensors(bytes);
  const params: Parameters = new Map();
  const shapes = new Map<string, number[]>();
  for (const [name, tensor] of file.tensors) {
    if (name.startsWith("optimizer.")) continue;
    if (tensor.dtype !== "F32") throw new Error(`training state tensor ${name} is ${tensor.dtype}, expected F32`);
    params.set(name, tensor.data as Float32Array);
    shapes.set(name, tensor.shape);
  }
  const adam = new AdamState(params);
  adam.step = Number(file.metadata.adam_step ?? "0");
  for (const name of params.keys()) {
    const m = file.tensors.get(ADAM_M + name);
    const v = file.tensors.get(ADAM_V + name);
    if (!m || !v) throw new Error(`training state lacks the Adam moments of ${name}`);
    adam.m.get(name)!.set(m.data as Float32Array);
    adam.v.get(name)!.set(v.data as Float32Array);
  }
  if (!file.metadata.progress) throw new Error("training state has no progress metadata: is it an encoder-only file?");
  const progress = JSON.parse(file.metadata.progress, (_key, value) => (value === "-Infinity" ? -Infinity : value));
  return { params, shapes, adam, progress };
}

function shapeOf(state: TrainingState, name: string): number[] {
  const shape = state.shapes.get(name);
  if (!shape) throw new Error(`training state: no shape for ${name}`);
  return shape;
}
