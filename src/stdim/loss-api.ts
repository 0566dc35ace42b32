import { tensorsToParameters } from "../checkpoint/parameters.ts";
import { decodeSafetensors } from "../checkpoint/safetensors.ts";
import { frameSize, natureCnnSpec, type EncoderSpec } from "./encoder.ts";
import { scaleFrames, stdimLossReference, toFloat64, type StdimObjective } from "./reference.ts";

/** Input of {@link stdimLossAndGradients}. */
export interface StdimLossRequest {
  /**
   * Bytes of a safetensors file with the NatureCNN encoder (`main.*`) and
   * the heads (`classifier1.*`, and `classifier2.*` for `infonce-stdim`),
   * in PyTorch names and layouts.
   */
  checkpoint: Uint8Array;
  /** B frames at time t: B x C x 210 x 160 (or x 84 x 84) uint8 pixels. */
  framesT: Uint8Array;
  /** The B frames at time t-1, same layout. */
  framesPrev: Uint8Array;
  /** Objective (default `infonce-stdim`: loss1 + loss2). */
  objective?: StdimObjective;
  /** Apply ReLU to the global feature (the reference's `end_with_relu`). */
  endWithRelu?: boolean;
}

/** Loss values and the gradient of every parameter by PyTorch name. */
export interface StdimLossResult {
  loss: number;
  loss1: number;
  loss2: number;
  gradients: Map<string, Float32Array>;
}

/**
 * Computes the ST-DIM loss and its gradients for one batch of pairs from a
 * checkpoint, with the reference's semantics: pixels / 255, and loss1 +
 * loss2 each averaged over the local positions. The result can be set
 * beside PyTorch's `loss.backward()` on the reference code. Gradients use
 * the layouts of the checkpoint's tensors.
 *
 * NOTE: this runs the float64 CPU reference, which takes seconds per
 * frame pair at full size; it is a semantic check, not a training path.
 */
export async function stdimLossAndGradients(request: StdimLossRequest): Promise<StdimLossResult> {
  const file = decodeSafetensors(request.checkpoint);
  const spec = specFromCheckpoint(file.tensors, request.endWithRelu ?? false);
  const params = tensorsToParameters(spec, file);
  const objective = request.objective ?? "infonce-stdim";
  checkHeads(params, objective);
  const batch = batchOf(spec, request.framesT, "framesT");
  if (batchOf(spec, request.framesPrev, "framesPrev") !== batch) {
    throw new Error(`framesT contains ${batch} frames but framesPrev contains ${request.framesPrev.length / frameSize(spec)}: pass the same number`);
  }
  const result = stdimLossReference(
    spec,
    toFloat64(params),
    scaleFrames(request.framesT),
    scaleFrames(request.framesPrev),
    batch,
    objective,
  );
  const gradients = new Map<string, Float32Array>();
  for (const [name, value] of result.gradients) gradients.set(name, Float32Array.from(value));
  return { loss: result.loss, loss1: result.loss1, loss2: result.loss2, gradients };
}

/**
 * Infers the NatureCNN variant from checkpoint tensor shapes. `main.9`
 * marks the full-size encoder and `main.7` the 84x84 one. Input channels
 * come from `main.0.weight` and the feature size from the linear layer.
 */
export function specFromCheckpoint(tensors: Map<string, { shape: number[] }>, endWithRelu: boolean): EncoderSpec {
  const first = tensors.get("main.0.weight");
  if (!first) throw new Error("checkpoint has no main.0.weight: it is not a NatureCNN encoder");
  const full = tensors.get("main.9.weight");
  const small = tensors.get("main.7.weight");
  const linear = full ?? small;
  if (!linear) throw new Error("checkpoint has neither main.9.weight (210x160 encoder) nor main.7.weight (84x84 encoder)");
  return natureCnnSpec({
    inputChannels: first.shape[1],
    featureSize: linear.shape[0],
    endWithRelu,
    downsample: !full,
  });
}

function checkHeads(params: Map<string, Float32Array>, objective: StdimObjective): void {
  const needed = objective === "infonce-stdim" ? ["classifier1", "classifier2"] : ["classifier1"];
  for (const head of needed) {
    if (!params.has(`${head}.weight`)) {
      throw new Error(`checkpoint lacks ${head}.weight, which the ${objective} objective needs`);
    }
  }
}

function batchOf(spec: EncoderSpec, frames: Uint8Array, name: string): number {
  const size = frameSize(spec);
  if (frames.length === 0 || frames.length % size !== 0) {
    throw new Error(
      `${name} has ${frames.length} bytes, not a multiple of one ` +
        `${spec.inputChannels}x${spec.inputHeight}x${spec.inputWidth} frame (${size} bytes)`,
    );
  }
  return frames.length / size;
}
