/** Per-label mean loss and accuracy of one batch. */
export interface ProbeStepStats {
  loss: Float64Array;
  accuracy: Float64Array;
}

/**
 * One linear probe per label, trained together. The CPU implementation is
 * {@link LinearProbes}; the WebGPU one is `GpuProbes`.
 */
export interface ProbeModel {
  readonly labels: number;
  readonly features: number;
  /**
   * Scores a batch (features [batch, F], targets [batch, labels]) for the
   * active labels; with `lrs`, also takes one Adam step per active label.
   * Models that read frames (the supervised baseline) get them in `frames`.
   */
  step(
    x: Float32Array,
    targets: Uint8Array,
    batch: number,
    active: ArrayLike<boolean>,
    lrs: ArrayLike<number> | null,
    frames?: Uint8Array,
  ): Promise<ProbeStepStats> | ProbeStepStats;
  /** Predicted class per label: [batch, labels]. */
  predict(x: Float32Array, batch: number, frames?: Uint8Array): Promise<Uint8Array> | Uint8Array;
}
