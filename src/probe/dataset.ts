/**
 * Frames of a split reduced to what probing needs: one feature vector and
 * one label vector per frame, episodes stored back to back.
 */
export interface ProbeDataset {
  labelNames: string[];
  /** [frames, featureSize] float32 features of the frozen encoder. */
  features: Float32Array;
  featureSize: number;
  /** [frames, labels] label values (RAM bytes). */
  labels: Uint8Array;
  /** Frames per episode, in storage order. */
  episodeLengths: number[];
  /** [frames, frameSize] uint8 frames, for models that read frames. */
  frames?: Uint8Array;
  frameSize?: number;
}

/** Index of each episode's first frame. */
export function episodeOffsets(lengths: readonly number[]): Int32Array {
  const offsets = new Int32Array(lengths.length);
  let total = 0;
  lengths.forEach((length, i) => {
    offsets[i] = total;
    total += length;
  });
  return offsets;
}

/** Checks the sizes of a dataset against its own counts. */
export function checkProbeDataset(name: string, data: ProbeDataset): number {
  const frames = data.episodeLengths.reduce((a, b) => a + b, 0);
  const labels = data.labelNames.length;
  if (data.features.length !== frames * data.featureSize) {
    throw new Error(`${name}: ${data.features.length} feature values, expected ${frames} frames x ${data.featureSize}`);
  }
  if (data.labels.length !== frames * labels) {
    throw new Error(`${name}: ${data.labels.length} label values, expected ${frames} frames x ${labels} labels`);
  }
  if (frames === 0) {
    // With few episodes, the test split can lose every frame to the removal
    // of frames that equal train or validation frames.
    throw new Error(`the ${name} split has no frames; collect more steps (--probe-steps)`);
  }
  return frames;
}
