// Softmax cross-entropy over rows of scores, with its gradient.

import type { Gpu } from "../context.ts";
import { Params, grid1d, reductionWorkgroupSize } from "../params.ts";
import type { Tensor } from "../tensor.ts";

/** Options of {@link softmaxCrossEntropy}. */
export interface CrossEntropyOptions {
  /** Factor on the gradient; default 1 / rows, the gradient of the mean loss. */
  scale?: number;
  /** Per-row losses [rows] to write (allocated when absent). */
  loss?: Tensor;
  /** Gradient with the logits' shape to write (allocated when absent). */
  grad?: Tensor;
  label?: string;
}

/**
 * Records softmax cross-entropy for each row of `logits` (all leading axes
 * are rows, the last axis contains the classes). `targets` is "diagonal"
 * (row r's target is r mod classes: the positives of InfoNCE score blocks
 * [P, N, N]) or a u32 tensor with one class index per row. Returns per-row
 * losses and the gradient scale * (softmax - one-hot).
 */
export function softmaxCrossEntropy(
  gpu: Gpu,
  logits: Tensor,
  targets: "diagonal" | Tensor,
  options: CrossEntropyOptions = {},
): { loss: Tensor; grad: Tensor } {
  const label = options.label ?? "softmax cross-entropy";
  const classes = logits.shape[logits.shape.length - 1];
  const rows = logits.size / classes;
  if (targets !== "diagonal") {
    if (targets.dtype !== "u32" || targets.size !== rows) {
      throw new RangeError(`${label}: targets ${targets} should be u32 with ${rows} elements`);
    }
  } else if (logits.shape.length >= 2 && logits.shape[logits.shape.length - 2] !== classes) {
    throw new RangeError(`${label}: diagonal targets need square score blocks, got ${logits}`);
  }
  const loss = options.loss ?? gpu.tensor([rows], `${label} loss`);
  const grad = options.grad ?? gpu.tensor(logits.shape, `${label} grad`);
  if (loss.size !== rows) throw new RangeError(`${label}: loss ${loss} should have ${rows} elements`);
  if (grad.size !== logits.size) throw new RangeError(`${label}: grad ${grad} should match ${logits}`);
  gpu.dispatch({
    shader: "softmax_cross_entropy",
    overrides: { WG: reductionWorkgroupSize(gpu.adapter.isSoftware) },
    label,
    params: new Params()
      .u32(rows, classes, targets === "diagonal" ? 1 : 0, 0)
      .f32(options.scale ?? 1 / rows)
      .finish(),
    bindings: [logits, targets === "diagonal" ? gpu.unusedBinding : targets, loss, grad],
    workgroups: grid1d(rows, 1),
  });
  return { loss, grad };
}
