import { AdamState, type AdamOptions } from "./adam.ts";
import type { EncoderSpec, Parameters } from "./encoder.ts";
import { encoderForward, scaleFrames, stdimLossReference, toFloat64, type StdimObjective } from "./reference.ts";

/** Loss values of one batch. */
export interface StepLosses {
  loss: number;
  loss1: number;
  loss2: number;
}

/**
 * Compute backend of encoder training. Implementations keep the parameters
 * and the Adam state, and the trainer only sends frames and reads losses.
 */
export interface StdimBackend {
  readonly spec: EncoderSpec;
  readonly objective: StdimObjective;
  /** Loss of one batch of pairs, then an Adam step when `train` is true. */
  stdimStep(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean): Promise<StepLosses>;
  /** Global features [batch, featureSize] of uint8 frames. */
  encode(frames: Uint8Array, batch: number): Promise<Float32Array>;
  /** Copies of the current parameters (encoder and heads). */
  parameters(): Promise<Parameters>;
  /** Copy of the optimizer state. */
  optimizerState(): Promise<AdamState>;
  /** Replaces parameters and, if given, the optimizer state. */
  load(params: Parameters, optimizer?: AdamState): Promise<void>;
}

/**
 * CPU backend on the float64 reference: exact but slow (seconds per
 * full-size batch), meant for tests, small encoders and machines without
 * any WebGPU adapter.
 */
export class CpuStdimBackend implements StdimBackend {
  private params: Parameters;
  private adam: AdamState;

  constructor(
    readonly spec: EncoderSpec,
    readonly objective: StdimObjective,
    params: Parameters,
    private readonly lr = 3e-4,
    private readonly adamOptions: AdamOptions = { eps: 1e-5 },
  ) {
    this.params = cloneParameters(params);
    this.adam = new AdamState(this.params);
  }

  async stdimStep(framesT: Uint8Array, framesPrev: Uint8Array, batch: number, train: boolean): Promise<StepLosses> {
    const result = stdimLossReference(this.spec, toFloat64(this.params), scaleFrames(framesT), scaleFrames(framesPrev), batch, this.objective);
    if (train) this.adam.apply(this.params, result.gradients, this.lr, this.adamOptions);
    return { loss: result.loss, loss1: result.loss1, loss2: result.loss2 };
  }

  async encode(frames: Uint8Array, batch: number): Promise<Float32Array> {
    const acts = encoderForward(this.spec, toFloat64(this.params), scaleFrames(frames), batch, true);
    return Float32Array.from(acts.global!);
  }

  async parameters(): Promise<Parameters> {
    return cloneParameters(this.params);
  }

  async optimizerState(): Promise<AdamState> {
    const copy = new AdamState(this.params);
    copy.step = this.adam.step;
    for (const [name, m] of this.adam.m) copy.m.get(name)!.set(m);
    for (const [name, v] of this.adam.v) copy.v.get(name)!.set(v);
    return copy;
  }

  async load(params: Parameters, optimizer?: AdamState): Promise<void> {
    this.params = cloneParameters(params);
    this.adam = optimizer ?? new AdamState(this.params);
  }
}

/** Deep copy of a parameter map. */
export function cloneParameters(params: Parameters): Parameters {
  const out: Parameters = new Map();
  for (const [name, value] of params) out.set(name, Float32Array.from(value));
  return out;
}
