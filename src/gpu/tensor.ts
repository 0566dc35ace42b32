// The tensor type the kernels read and write: a shape, an element type and
// a GPU buffer, all labelled.

/** Element types of tensors: float32 values, or uint32 / int32 indices. */
export type DType = "f32" | "u32" | "i32";

/** Host array type of each {@link DType}. */
export type HostArray<D extends DType = DType> = D extends "f32"
  ? Float32Array
  : D extends "u32"
    ? Uint32Array
    : Int32Array;

/** Anything that can return a tensor's buffer to its pool. */
export interface BufferOwner {
  releaseBuffer(buffer: GPUBuffer): void;
}

/** Number of elements of a shape; rejects negative or fractional sizes. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`invalid tensor shape [${shape.join(", ")}]: sizes must be integers >= 0`);
    }
    size *= d;
  }
  return size;
}

/**
 * A dense, row-major (C-order) tensor in a GPU buffer, laid out as PyTorch
 * lays out a contiguous tensor: images NCHW, conv weights
 * [C_out, C_in, KH, KW], linear weights [out, in]. The buffer may be larger
 * than the tensor (pooled buffers are reused across sizes).
 */
export class Tensor<D extends DType = DType> {
  /** Elements in the tensor: the product of the shape. */
  readonly size: number;
  #released = false;

  constructor(
    readonly shape: readonly number[],
    readonly dtype: D,
    readonly buffer: GPUBuffer,
    readonly label: string,
    private readonly owner?: BufferOwner,
  ) {
    this.size = shapeSize(shape);
    if (this.size * 4 > buffer.size) {
      throw new RangeError(`tensor ${label}: buffer of ${buffer.size} bytes is too small for [${shape}]`);
    }
  }

  /** Size of the tensor's data in bytes (4 per element). */
  get byteLength(): number {
    return this.size * 4;
  }

  /** Whether {@link release} has been called. */
  get released(): boolean {
    return this.#released;
  }

  /**
   * Returns the buffer to its pool. Work already recorded that uses the
   * tensor stays valid (the queue runs in order); the tensor must not be
   * used afterwards.
   */
  release(): void {
    if (this.#released) throw new Error(`tensor ${this.label} was released twice`);
    this.#released = true;
    this.owner?.releaseBuffer(this.buffer);
  }

  /** Throws if the tensor has been released, naming the operation. */
  assertLive(operation: string): void {
    if (this.#released) {
      throw new Error(`${operation}: tensor ${this.label} was used after release()`);
    }
  }

  /** Returns a tensor over the same buffer with another shape of equal size. */
  reshape(shape: readonly number[], label = this.label): Tensor<D> {
    if (shapeSize(shape) !== this.size) {
      throw new RangeError(
        `cannot reshape ${this.label} [${this.shape}] (${this.size} elements) to [${shape}]`,
      );
    }
    return new Tensor(shape, this.dtype, this.buffer, label);
  }

  /** Text such as `x f32[64, 1, 210, 160]` for messages. */
  toString(): string {
    return `${this.label} ${this.dtype}[${this.shape.join(", ")}]`;
  }
}
