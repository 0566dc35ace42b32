// Batched, strided matrix products and the layers built on them: linear
// layers, InfoNCE score matrices and batched linear probes.

import type { Gpu } from "../context.ts";
import { Params, ceilDiv } from "../params.ts";
import type { Tensor } from "../tensor.ts";
import type { Variant } from "../tuner.ts";
import { stridedCopy } from "./elementwise.ts";

/**
 * A batch of matrices inside a tensor: element (b, i, j) is at
 * `offset + b * batchStride + i * rowStride + j * colStride`. A batch
 * stride of 0 repeats one matrix across the batch (as an input) or sums the
 * batch into it (as an output).
 */
export interface MatrixView {
  tensor: Tensor;
  batch: number;
  rows: number;
  cols: number;
  batchStride: number;
  rowStride: number;
  colStride: number;
  offset: number;
}

/** View of a contiguous [rows, cols] or [batch, rows, cols] tensor. */
export function matrix(t: Tensor): MatrixView {
  const s = t.shape;
  if (s.length === 2) {
    return { tensor: t, batch: 1, rows: s[0], cols: s[1], batchStride: 0, rowStride: s[1], colStride: 1, offset: 0 };
  }
  if (s.length === 3) {
    return {
      tensor: t, batch: s[0], rows: s[1], cols: s[2],
      batchStride: s[1] * s[2], rowStride: s[2], colStride: 1, offset: 0,
    };
  }
  throw new RangeError(`matrix(): ${t} must have 2 or 3 axes`);
}

/** Returns the transpose of a view (no copy). */
export function transpose(v: MatrixView): MatrixView {
  return { ...v, rows: v.cols, cols: v.rows, rowStride: v.colStride, colStride: v.rowStride };
}

/** Returns a view repeated `batch` times (batch stride 0). */
export function broadcast(v: MatrixView, batch: number): MatrixView {
  if (v.batch !== 1) throw new RangeError(`broadcast(): ${v.tensor} already has a batch of ${v.batch}`);
  return { ...v, batch, batchStride: 0 };
}

/**
 * View of an NCHW tensor [N, C, H, W] as [P = H * W, N, C]: matrix p contains
 * the C-vector of every image at spatial position p (ST-DIM's local
 * features), read in place.
 */
export function positionsView(t: Tensor): MatrixView {
  if (t.shape.length !== 4) throw new RangeError(`positionsView(): ${t} must be NCHW`);
  const [n, c, h, w] = t.shape;
  return { tensor: t, batch: h * w, rows: n, cols: c, batchStride: 1, rowStride: c * h * w, colStride: h * w, offset: 0 };
}

/**
 * View of a channels-last tensor [N, H, W, C] as [P = H * W, N, C], read in
 * place; rows are contiguous, so the vec4 product can read it.
 */
export function positionsViewNhwc(t: Tensor): MatrixView {
  if (t.shape.length !== 4) throw new RangeError(`positionsViewNhwc(): ${t} must be NHWC`);
  const [n, h, w, c] = t.shape;
  return { tensor: t, batch: h * w, rows: n, cols: c, batchStride: c, rowStride: h * w * c, colStride: 1, offset: 0 };
}

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of C's old contents, added to the result; 0 (default) overwrites without reading C. */
  beta?: number;
  /** Bias added after scaling: one value per column (`cols`) or row (`rows`), `batchStride` apart per batch. */
  bias?: { tensor: Tensor; along: "rows" | "cols"; batchStride?: number };
  relu?: boolean;
  label?: string;
  /**
   * Write column n of C to element (n / plane, row, n % plane) of an NCHW
   * tensor [n / plane, M, plane] instead of through C's strides, and skip
   * columns from `validColumns` on (the im2col convolution's output).
   * Only the vec4 variants support it.
   */
  nchwOutput?: { plane: number; validColumns: number };
}

/** Variants for operands with contiguous, 16-byte aligned rows. */
const VEC4_VARIANTS: readonly Variant[] = [
  { name: "vec4r16x4", shader: "matmul_vec4", overrides: { WG_X: 16, WG_Y: 4 } },
  { name: "vec4r32x2", shader: "matmul_vec4", overrides: { WG_X: 32, WG_Y: 2 } },
  { name: "vec4r8x8", shader: "matmul_vec4", overrides: { WG_X: 8, WG_Y: 8 } },
  // 4 x 8 blocks with the row group from the workgroup id.
  { name: "vec4w64x1", shader: "matmul_vec4", overrides: { WG_X: 64, WG_Y: 1, WIDE: 1 } },
  { name: "vec4w16x1", shader: "matmul_vec4", overrides: { WG_X: 16, WG_Y: 1, WIDE: 1 } },
];

/**
 * Variants that first copy strided operands into dense, row-major
 * scratch tensors so the vec4 product can read them. The copy costs
 * O(MK + KN) against the product's O(MNK); the tuner decides if it pays.
 */
const PACKED_VARIANTS: readonly Variant[] = VEC4_VARIANTS.slice(0, 2).map((v) => ({
  ...v,
  name: `packed-${v.name}`,
  options: { pack: 1 },
}));

const MATMUL_VARIANTS: readonly Variant[] = [
  { name: "reg8x8", shader: "matmul", overrides: { WG_X: 8, WG_Y: 8 } },
  { name: "reg16x4", shader: "matmul", overrides: { WG_X: 16, WG_Y: 4 } },
  { name: "reg4x16", shader: "matmul", overrides: { WG_X: 4, WG_Y: 16 } },
  { name: "reg32x2", shader: "matmul", overrides: { WG_X: 32, WG_Y: 2 } },
  { name: "tiled16x16k16", shader: "matmul_tiled", overrides: { WG_X: 16, WG_Y: 16, TILE_K: 16 } },
  { name: "tiled8x8k16", shader: "matmul_tiled", overrides: { WG_X: 8, WG_Y: 8, TILE_K: 16 } },
  { name: "tiled16x8k8", shader: "matmul_tiled", overrides: { WG_X: 16, WG_Y: 8, TILE_K: 8 } },
];

/**
 * Tests whether matmul_vec4 can read A along K and B along N as vec4: unit
 * column strides, and offsets, row and batch strides and K and N all
 * multiples of 4.
 */
export function vec4Eligible(a: MatrixView, b: MatrixView): boolean {
  const aligned = (v: MatrixView) =>
    v.colStride === 1 && v.rowStride % 4 === 0 && v.offset % 4 === 0 &&
    (v.batch === 1 || v.batchStride % 4 === 0) && v.cols % 4 === 0;
  return aligned(a) && aligned(b);
}

function lastIndex(v: MatrixView): number {
  return v.offset + (v.batch - 1) * v.batchStride + (v.rows - 1) * v.rowStride + (v.cols - 1) * v.colStride;
}

function checkView(name: string, v: MatrixView, label: string): void {
  v.tensor.assertLive(label);
  if (v.rows <= 0 || v.cols <= 0 || v.batch <= 0) {
    throw new RangeError(`${label}: ${name} view of ${v.tensor} is empty (${v.batch}x${v.rows}x${v.cols})`);
  }
  if (lastIndex(v) >= v.tensor.size) {
    throw new RangeError(`${label}: ${name} view reaches element ${lastIndex(v)} of ${v.tensor} (${v.tensor.size} elements)`);
  }
}

function checkShapes(a: MatrixView, b: MatrixView, c: MatrixView, label: string): number {
  checkView("A", a, label);
  checkView("B", b, label);
  checkView("C", c, label);
  if (a.cols !== b.rows) throw new RangeError(`${label}: A is ${a.rows}x${a.cols} but B is ${b.rows}x${b.cols}`);
  if (c.rows !== a.rows || c.cols !== b.cols) {
    throw new RangeError(`${label}: C is ${c.rows}x${c.cols}, expected ${a.rows}x${b.cols}`);
  }
  const batch = Math.max(a.batch, b.batch, c.batch);
  for (const [name, v] of [["A", a], ["B", b], ["C", c]] as const) {
    if (v.batch !== batch && v.batch !== 1) {
      throw new RangeError(`${label}: ${name} has batch ${v.batch}, expected ${batch} or 1`);
    }
  }
  return batch;
}

/** Bias mode of the shaders: 0 none, 1 per column, 2 per row. */
function biasModeOf(o: MatmulOptions): number {
  if (!o.bias) return 0;
  return o.bias.along === "cols" ? 1 : 2;
}

function matmulParams(a: MatrixView, b: MatrixView, c: MatrixView, batch: number, o: MatmulOptions): ArrayBuffer {
  const stride = (v: MatrixView) => (v.batch === 1 ? 0 : v.batchStride);
  const reduce = batch > 1 && (c.batch === 1 || c.batchStride === 0);
  const biasMode = biasModeOf(o);
  return new Params()
    .u32(a.rows, b.cols, a.cols, batch)
    .u32(stride(a), a.rowStride, a.colStride, a.offset)
    .u32(stride(b), b.rowStride, b.colStride, b.offset)
    .u32(reduce ? 0 : c.batchStride, c.rowStride, c.colStride, c.offset)
    .u32(o.bias?.batchStride ?? 0, biasMode, o.relu ? 1 : 0, reduce ? 1 : 0)
    .f32(o.alpha ?? 1, o.beta ?? 0)
    .u32(0, 0)
    .finish();
}

function vec4Params(a: MatrixView, b: MatrixView, c: MatrixView, batch: number, o: MatmulOptions): ArrayBuffer {
  const stride = (v: MatrixView) => (v.batch === 1 ? 0 : v.batchStride);
  const reduce = batch > 1 && (c.batch === 1 || c.batchStride === 0);
  const biasMode = biasModeOf(o);
  return new Params()
    .u32(a.rows, b.cols, a.cols, batch)
    .u32(stride(a), a.rowStride, a.offset, stride(b))
    .u32(b.rowStride, b.offset, reduce ? 0 : c.batchStride, c.rowStride)
    .u32(c.colStride, c.offset, o.bias?.batchStride ?? 0, biasMode)
    .u32(o.relu ? 1 : 0, reduce ? 1 : 0, o.nchwOutput?.plane ?? 0, o.nchwOutput?.validColumns ?? b.cols)
    .f32(o.alpha ?? 1, o.beta ?? 0)
    .u32(0, 0)
    .finish();
}

function matmulGrid(v: Variant, m: number, n: number, batch: number, reduce: boolean): [number, number, number] {
  const { WG_X, WG_Y, WIDE } = v.overrides;
  const z = reduce ? 1 : batch;
  const columnsPerInvocation = WIDE ? 8 : 4;
  return [ceilDiv(ceilDiv(n, columnsPerInvocation), WG_X), ceilDiv(ceilDiv(m, 4), WG_Y), z];
}

/**
 * Records C = alpha * A B + beta * C (+ bias) (ReLU) for every matrix of a
 * batch. A is [M, K], B is [K, N], C is [M, N] per batch; any operand may be
 * broadcast (batch 1), and a C of batch 1 under a larger batch receives the
 * sum over the batch. Runs the autotuned variant for this shape.
 */
export function matmul(gpu: Gpu, a: MatrixView, b: MatrixView, c: MatrixView, options: MatmulOptions = {}): void {
  const label = options.label ?? "matmul";
  const batch = checkShapes(a, b, c, label);
  if (options.bias) options.bias.tensor.assertLive(label);
  const reduce = batch > 1 && (c.batch === 1 || c.batchStride === 0);
  const vec4 = vec4Eligible(a, b);
  const layout = `${a.colStride === 1 ? "n" : "t"}${b.colStride === 1 ? "n" : "t"}${vec4 ? "4" : ""}`;
  const shape = `${a.rows}x${b.cols}x${a.cols}b${batch}${reduce ? "r" : ""}${layout}`;
  const packable = !vec4 && a.cols % 4 === 0 && b.cols % 4 === 0;
  let candidates = MATMUL_VARIANTS;
  if (vec4) candidates = [...VEC4_VARIANTS, ...MATMUL_VARIANTS];
  else if (packable) candidates = [...MATMUL_VARIANTS, ...PACKED_VARIANTS];
  const variant = gpu.tuner.select("matmul", shape, candidates, () => {
    const scratch = [a, b, c].map((v, i) => gpu.zeros([v.tensor.size], `tune matmul ${"abc"[i]}`));
    const [sa, sb, sc] = [a, b, c].map((v, i) => ({ ...v, tensor: scratch[i] }));
    return {
      launch: (v) => launchMatmul(gpu, v, sa, sb, sc, batch, { ...options, bias: undefined, label }),
      dispose: () => scratch.forEach((t) => t.release()),
    };
  });
  launchMatmul(gpu, variant, a, b, c, batch, options, label);
}

/** Records one matmul with a given variant (the tuner and tests use it). */
export function launchMatmul(
  gpu: Gpu,
  variant: Variant,
  a: MatrixView,
  b: MatrixView,
  c: MatrixView,
  batch: number,
  options: MatmulOptions,
  label = options.label ?? "matmul",
): void {
  if (variant.options?.pack) {
    launchPacked(gpu, variant, a, b, c, batch, options, label);
    return;
  }
  const reduce = batch > 1 && (c.batch === 1 || c.batchStride === 0);
  const vec4 = variant.shader === "matmul_vec4";
  if (vec4 && !vec4Eligible(a, b)) throw new RangeError(`${label}: operands are not vec4-aligned for ${variant.name}`);
  if (!vec4 && options.nchwOutput) throw new RangeError(`${label}: ${variant.name} cannot write NCHW output`);
  gpu.dispatch({
    shader: variant.shader,
    overrides: variant.overrides,
    label: `${label} [${variant.name}]`,
    params: vec4 ? vec4Params(a, b, c, batch, options) : matmulParams(a, b, c, batch, options),
    bindings: [a.tensor, b.tensor, options.bias?.tensor ?? gpu.unusedBinding, c.tensor],
    workgroups: matmulGrid(variant, a.rows, b.cols, batch, reduce),
  });
}

/** Returns `v` itself if it is vec4-aligned, else a dense copy (released by the caller). */
function packed(gpu: Gpu, v: MatrixView, label: string): { view: MatrixView; copy: Tensor | null } {
  if (vec4Eligible(v, v)) return { view: v, copy: null };
  const batchStride = v.batch === 1 ? 0 : v.batchStride;
  const copy = stridedCopy(gpu, v.tensor, [v.batch, v.rows, v.cols], [batchStride, v.rowStride, v.colStride], v.offset, `${label} packed`);
  return { view: { ...matrix(copy.reshape(v.batch === 1 ? [v.rows, v.cols] : [v.batch, v.rows, v.cols])) }, copy };
}

function launchPacked(
  gpu: Gpu, variant: Variant, a: MatrixView, b: MatrixView, c: MatrixView, batch: number,
  options: MatmulOptions, label: string,
): void {
  const pa = packed(gpu, a, `${label} A`);
  const pb = packed(gpu, b, `${label} B`);
  const dense = { ...variant, options: undefined };
  launchMatmul(gpu, dense, pa.view, pb.view, c, batch, options, `${label} [${variant.name}]`);
  pa.copy?.release();
  pb.copy?.release();
}

/** The variants {@link matmul} chooses from, for tests and benchmarks. */
export const matmulVariants = MATMUL_VARIANTS;

/** The vec4 variants, used when {@link vec4Eligible} holds. */
export const matmulVec4Variants = VEC4_VARIANTS;

/** The packing variants, used when K and N are multiples of 4. */
export const matmulPackedVariants = PACKED_VARIANTS;
