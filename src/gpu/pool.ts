// Reuse of storage buffers by size, so a training step allocates nothing
// once its shapes have been seen.

const USAGE_STORAGE = 0x80; // GPUBufferUsage.STORAGE
const USAGE_COPY_SRC = 0x04; // GPUBufferUsage.COPY_SRC
const USAGE_COPY_DST = 0x08; // GPUBufferUsage.COPY_DST

/** Usage of every tensor buffer: storage, and copies both ways. */
export const TENSOR_USAGE = USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST;

/** Rounds a byte size up to the pool's size class (16-byte steps). */
export function sizeClass(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

/**
 * Free lists of tensor buffers keyed by size class. Buffers are created on
 * demand and come back through {@link release}; {@link destroy} frees all.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly all = new Set<GPUBuffer>();
  /** Bytes held in buffers the pool created. */
  allocatedBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Returns a buffer of at least `bytes` bytes, labelled `label`. */
  acquire(bytes: number, label: string): GPUBuffer {
    const size = sizeClass(bytes);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      reused.label = label;
      return reused;
    }
    const buffer = this.device.createBuffer({ label, size, usage: TENSOR_USAGE });
    this.all.add(buffer);
    this.allocatedBytes += size;
    return buffer;
  }

  /** Puts a buffer back on its free list. */
  release(buffer: GPUBuffer): void {
    if (!this.all.has(buffer)) {
      throw new Error(`buffer ${buffer.label} does not belong to this pool`);
    }
    const list = this.free.get(buffer.size) ?? [];
    list.push(buffer);
    this.free.set(buffer.size, list);
  }

  /** Destroys every buffer the pool created, free or not. */
  destroy(): void {
    for (const buffer of this.all) buffer.destroy();
    this.all.clear();
    this.free.clear();
    this.allocatedBytes = 0;
  }
}
