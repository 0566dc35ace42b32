// Helpers shared by the kernel suite in Node and in the browser: a seeded
// generator, poisoned outputs and tolerance checks that report the largest
// difference. No Node-only imports, so the browser bundle can use them.

import type { Gpu, Tensor } from "../../src/gpu/index.ts";

/** Seeded uniform generator (mulberry32) returning numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32 values uniform in [-scale, scale). */
export function randomArray(random: () => number, size: number, scale = 1): Float32Array {
  return Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale);
}

/** Uploads random values as a new tensor and returns both. */
export function randomTensor(gpu: Gpu, random: () => number, shape: number[], label: string, scale = 1) {
  const size = shape.reduce((p, d) => p * d, 1);
  const data = randomArray(random, size, scale);
  return { data, tensor: gpu.upload(data, shape, label) };
}

/** Uploads a tensor filled with NaN, so any element a kernel fails to write shows up. */
export function poisoned(gpu: Gpu, shape: readonly number[], label: string): Tensor<"f32"> {
  const size = shape.reduce((p, d) => p * d, 1);
  return gpu.upload(new Float32Array(size).fill(NaN), shape, label);
}

/** Element-wise absolute values, for error bounds of sums of products. */
export function abs(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a, Math.abs);
}

/**
 * Checks |got - want| <= rtol * scale element-wise, where scale is a number
 * or, per element, the sum of absolute terms that formed `want` (the
 * natural bound for float32 dot products). Returns the largest error
 * relative to its scale; throws naming the worst element otherwise.
 */
export function expectClose(
  label: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  rtol: number,
  scale: ArrayLike<number> | number = 1,
): number {
  if (got.length !== want.length) {
    throw new Error(`${label}: ${got.length} values, expected ${want.length}`);
  }
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < got.length; i++) {
    const s = typeof scale === "number" ? scale : Math.max(scale[i], 1e-30);
    const error = Math.abs(got[i] - want[i]) / s;
    if (!(error <= worst)) {
      worst = Number.isNaN(error) ? Infinity : error;
      worstIndex = i;
    }
  }
  if (!(worst <= rtol)) {
    throw new Error(
      `${label}: element ${worstIndex} is ${got[worstIndex]}, expected ${want[worstIndex]} ` +
        `(relative error ${worst.toExponential(2)} > ${rtol})`,
    );
  }
  return worst;
}

/** Checks that two integer arrays are equal, naming the first difference. */
export function expectEqual(label: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  if (got.length !== want.length) throw new Error(`${label}: ${got.length} values, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== want[i]) throw new Error(`${label}: element ${i} is ${got[i]}, expected ${want[i]}`);
  }
}

/** Fails with `message` unless `condition` holds. */
export function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
