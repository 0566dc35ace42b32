/** Label values: class indices 0..255 (RAM bytes). */
export type ClassIndices = ArrayLike<number>;

/** Fraction of predictions equal to the truth. */
export function accuracy(truth: ClassIndices, predicted: ClassIndices): number {
  checkLengths(truth, predicted);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return correct / truth.length;
}

/**
 * Weighted F1 as scikit-learn's `f1_score(truth, predicted,
 * average="weighted")` computes it: F1 of each class present in the truth
 * or the predictions, averaged with weights equal to each class's count in
 * the truth. A class never predicted has precision 0 and so F1 0, the
 * value scikit-learn uses with its "ill-defined" warning. A class only
 * predicted has weight 0.
 */
export function weightedF1(truth: ClassIndices, predicted: ClassIndices): number {
  checkLengths(truth, predicted);
  const truePositives = new Map<number, number>();
  const trueCounts = new Map<number, number>();
  const predictedCounts = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    trueCounts.set(t, (trueCounts.get(t) ?? 0) + 1);
    predictedCounts.set(p, (predictedCounts.get(p) ?? 0) + 1);
    if (t === p) truePositives.set(t, (truePositives.get(t) ?? 0) + 1);
  }
  // Classes in ascending order, as scikit-learn sums them.
  const classes = [...trueCounts.keys()].sort((a, b) => a - b);
  let weighted = 0;
  for (const c of classes) {
    const tp = truePositives.get(c) ?? 0;
    const support = trueCounts.get(c)!;
    const f1 = tp === 0 ? 0 : (2 * tp) / (support + (predictedCounts.get(c) ?? 0));
    weighted += f1 * support;
  }
  return weighted / truth.length;
}

function checkLengths(truth: ClassIndices, predicted: ClassIndices): void {
  if (truth.length !== predicted.length) {
    throw new Error(`truth has ${truth.length} values but predictions have ${predicted.length}`);
  }
  if (truth.length === 0) throw new Error("metrics need at least one sample");
}
