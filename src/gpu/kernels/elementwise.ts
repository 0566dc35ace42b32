// Element-wise kernels: ReLU backward, scaled sums, uint8 frame upload,
// axis permutation and argmax.

import type { Gpu } from "../context.ts";
import { Params, grid1d } from "../params.ts";
import type { Tensor } from "../tensor.ts";

const WORKGROUP_SIZE = 256;

function sameSize(a: Tensor, b: Tensor, label: string): void {
  if (a.size !== b.size) throw new RangeError(`${label}: ${a} and ${b} differ in size`);
}

/**
 * Records dx = dy where y > 0, else 0, for y the output of a ReLU.
 * Returns dx (new unless `out` is given; it may not be dy or y).
 */
export function reluBackward(gpu: Gpu, dy: Tensor, y: Tensor, out?: Tensor, label = "relu backward"): Tensor {
  sameSize(dy, y, label);
  const dx = out ?? gpu.tensor(dy.shape, `${label} dx`);
  sameSize(dy, dx, label);
  gpu.dispatch({
    shader: "relu_backward",
    overrides: { WG: WORKGROUP_SIZE },
    label,
    params: new Params().u32(dy.size).finish(),
    bindings: [dy, y, dx],
    workgroups: grid1d(dy.size, WORKGROUP_SIZE),
  });
  return dx;
}

/** Records y = alpha * x + beta * y in place (beta 0 does not read y). */
export function axpy(gpu: Gpu, alpha: number, x: Tensor, beta: number, y: Tensor, label = "axpy"): void {
  sameSize(x, y, label);
  gpu.dispatch({
    shader: "axpy",
    overrides: { WG: WORKGROUP_SIZE },
    label,
    params: new Params().u32(x.size, 0).f32(alpha, beta).finish(),
    bindings: [x, y],
    workgroups: grid1d(x.size, WORKGROUP_SIZE),
  });
}

/**
 * Uploads uint8 pixels and converts them to float32 / 255 on the GPU, as
 * the reference does before its encoder. `shape` is the frames' shape,
 * such as [B, 1, 210, 160].
 */
export function uploadFrames(gpu: Gpu, bytes: Uint8Array, shape: readonly number[], label = "frames"): Tensor {
  const out = gpu.tensor(shape, label);
  if (bytes.length !== out.size) {
    out.release();
    throw new RangeError(`${label}: ${bytes.length} bytes given for shape [${shape}] (${out.size} pixels)`);
  }
  const words = Math.ceil(bytes.length / 4);
  const packed = gpu.tensor([words], `${label} bytes`, "u32");
  const padded = bytes.length % 4 === 0 && bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(words * 4);
  if (padded !== bytes) padded.set(bytes);
  gpu.write(packed, padded);
  gpu.dispatch({
    shader: "frames_to_float",
    overrides: { WG: WORKGROUP_SIZE },
    label,
    params: new Params().u32(bytes.length).finish(),
    bindings: [packed, out],
    workgroups: grid1d(words, WORKGROUP_SIZE),
  });
  packed.release();
  return out;
}

/**
 * Records a contiguous copy of x with its axes permuted (up to 4 axes):
 * out axis i is x axis `axes[i]`, as torch.permute(...).contiguous().
 */
export function permute(gpu: Gpu, x: Tensor, axes: readonly number[], out?: Tensor, label = "permute"): Tensor {
  const rank = x.shape.length;
  if (rank > 4 || axes.length !== rank || [...axes].sort().some((a, i) => a !== i)) {
    throw new RangeError(`${label}: axes [${axes}] are not a permutation of ${rank} axes of ${x}`);
  }
  const strides = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((p, d) => p * d, 1));
  const shape = axes.map((a) => x.shape[a]);
  const result = out ?? gpu.tensor(shape, `${label} out`);
  if (result.shape.join() !== shape.join()) throw new RangeError(`${label}: out ${result} should be [${shape}]`);
  const pad = 4 - rank;
  const dims = [...Array(pad).fill(1), ...shape];
  const permStrides = [...Array(pad).fill(0), ...axes.map((a) => strides[a])];
  gpu.dispatch({
    shader: "permute",
    overrides: { WG: WORKGROUP_SIZE },
    label,
    params: new Params().u32(...dims, ...permStrides, 0, x.size).finish(),
    bindings: [x, result],
    workgroups: grid1d(x.size, WORKGROUP_SIZE),
  });
  return result;
}

/**
 * Records a dense copy of a strided view of x (up to 4 axes):
 * out[i0, ..., i3] = x[offset + i0 * strides[0] + ... + i3 * strides[3]].
 * Returns a new tensor of shape `dims`.
 */
export function stridedCopy(
  gpu: Gpu, x: Tensor, dims: readonly number[], strides: readonly number[], offset = 0, label = "strided copy",
): Tensor {
  if (dims.length > 4 || strides.length !== dims.length) {
    throw new RangeError(`${label}: ${dims.length} dims with ${strides.length} strides (at most 4 axes)`);
  }
  const last = offset + dims.reduce((sum, d, i) => sum + (d - 1) * strides[i], 0);
  if (last >= x.size) throw new RangeError(`${label}: the view reaches element ${last} of ${x} (${x.size} elements)`);
  const out = gpu.tensor(dims, `${label} out`);
  const pad = 4 - dims.length;
  gpu.dispatch({
    shader: "permute",
    overrides: { WG: WORKGROUP_SIZE },
    label,
    params: new Params().u32(...Array(pad).fill(1), ...dims, ...Array(pad).fill(0), ...strides, offset, out.size).finish(),
    bindings: [x, out],
    workgroups: grid1d(out.size, WORKGROUP_SIZE),
  });
  return out;
}

/**
 * Records the index of each row's maximum (last axis), first index on
 * ties, NaN skipped. Returns u32 indices with the leading shape.
 */
export function argmax(gpu: Gpu, x: Tensor, out?: Tensor<"u32">, label = "argmax"): Tensor<"u32"> {
  const cols = x.shape[x.shape.length - 1];
  const rows = x.size / cols;
  const lead = x.shape.slice(0, -1);
  const result = out ?? gpu.tensor(lead.length ? lead : [1], `${label} out`, "u32");
  if (result.size !== rows) throw new RangeError(`${label}: out ${result} should have ${rows} elements`);
  gpu.dispatch({
    shader: "argmax",
    overrides: { WG: 64 },
    label,
    params: new Params().u32(rows, cols).finish(),
    bindings: [x, result],
    workgroups: grid1d(rows, 64),
  });
  return result;
}
