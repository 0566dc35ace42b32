// The Gpu context: one device with its buffer pool, pipeline cache,
// autotuner and the command encoder that kernel launches record into.

import { GpuError, requestGpuDevice, type AdapterReport, type DeviceOptions } from "./device.ts";
import { PipelineCache, type Overrides } from "./pipelines.ts";
import { BufferPool } from "./pool.ts";
import { Tensor, shapeSize, type DType, type HostArray } from "./tensor.ts";
import { Autotuner, type TuningResult, type TuningStore } from "./tuner.ts";
import type { ShaderName } from "./shaders.generated.ts";

const USAGE_MAP_READ = 0x01; // GPUBufferUsage.MAP_READ
const USAGE_COPY_DST = 0x08; // GPUBufferUsage.COPY_DST
const USAGE_UNIFORM = 0x40; // GPUBufferUsage.UNIFORM
const MAP_MODE_READ = 0x01; // GPUMapMode.READ

/** Bytes per uniform slot; WebGPU's minUniformBufferOffsetAlignment is at most 256. */
const UNIFORM_SLOT = 256;
const UNIFORM_SLOTS_PER_BUFFER = 256;

/** Names the recorded kernels that bound a buffer an error message names (all kernels if none). */
function kernelsInvolved(message: string, recorded: { label: string; buffers: string[] }[]): string {
  const named = [...message.matchAll(/\[Buffer "([^"]*)"\]/g)].map((m) => m[1]);
  const matching = recorded.filter((k) => k.buffers.some((b) => named.includes(b)));
  const kernels = (matching.length ? matching : recorded).map((k) => k.label);
  return `kernels in the failed submission${matching.length ? " using that buffer" : ""}: ${kernels.join(", ") || "none"}`;
}

/** Options for {@link Gpu.create}. */
export interface GpuOptions extends DeviceOptions {
  /** Storage that keeps tuning choices between runs (a JSON file in Node, localStorage in browsers). */
  tuningStore?: TuningStore;
}

/** One kernel launch, as the launchers in this folder describe it. */
export interface Dispatch {
  shader: ShaderName;
  overrides: Overrides;
  /** Label of the launch; it names the compute pass in error messages. */
  label: string;
  /** Contents of the uniform block at binding 0. */
  params: ArrayBuffer;
  /** Tensors (or raw buffers) for bindings 1, 2, ... in order. */
  bindings: ReadonlyArray<Tensor | GPUBuffer>;
  workgroups: readonly [number, number, number];
}

/** A launch kept by {@link Gpu.startCapture}, bound to raw buffers. */
export interface CapturedDispatch extends Dispatch {
  bindings: ReadonlyArray<GPUBuffer>;
}

/**
 * A WebGPU device with everything the kernels need. Launchers record into
 * one command encoder; {@link flush} submits it, {@link sync} waits for the
 * GPU and reports errors, {@link read} copies a tensor back.
 * Validation errors and device loss are collected and thrown as
 * {@link GpuError} from the next flush, sync or read, with the labels of the
 * kernel and buffers involved.
 */
export class Gpu {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly tuner: Autotuner;
  private encoder: GPUCommandEncoder | null = null;
  /** Kernels recorded since the last flush, with the labels of their buffers. */
  private recorded: { label: string; buffers: string[] }[] = [];
  private readonly scopes: Promise<void>[] = [];
  private readonly uniformBuffers: GPUBuffer[] = [];
  private uniformSlot = 0;
  private readonly errors: string[] = [];
  private lostMessage: string | null = null;
  private placeholder: GPUBuffer;
  private destroyed = false;
  /** Label of the most recently recorded kernel, for error reports. */
  lastKernel = "";
  /** Launches recorded while a capture runs (see {@link startCapture}). */
  private captured: CapturedDispatch[] | null = null;

  private constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterReport,
    readonly limits: GPUSupportedLimits,
    tuningStore?: TuningStore,
  ) {
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device);
    this.tuner = new Autotuner(this, tuningStore);
    this.placeholder = device.createBuffer({ label: "unused binding", size: 16, usage: 0x80 });
    device.addEventListener("uncapturederror", (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      this.errors.push(`${error.constructor.name}: ${error.message}`);
    });
    void device.lost.then((info) => {
      if (!this.destroyed) {
        this.lostMessage = `GPU device lost (${info.reason}): ${info.message}`;
      }
    });
  }

  /** Requests a device (see {@link requestGpuDevice}) and wraps it. */
  static async create(options: GpuOptions = {}): Promise<Gpu> {
    const { device, adapter, limits } = await requestGpuDevice(options);
    return new Gpu(device, adapter, limits, options.tuningStore);
  }

  /** A 16-byte buffer bound where a kernel's optional input is absent. */
  get unusedBinding(): GPUBuffer {
    return this.placeholder;
  }

  /** Allocates a tensor from the pool; its contents are undefined. */
  tensor<D extends DType = "f32">(shape: readonly number[], label: string, dtype?: D): Tensor<D> {
    this.assertUsable("tensor");
    const bytes = shapeSize(shape) * 4;
    const limit = this.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      throw new GpuError(
        `tensor ${label} [${shape}] needs ${bytes} bytes, above the device's ` +
          `maxStorageBufferBindingSize of ${limit}; use a smaller batch`,
      );
    }
    const buffer = this.pool.acquire(bytes, label);
    return new Tensor(shape, (dtype ?? "f32") as D, buffer, label, {
      releaseBuffer: (b) => this.pool.release(b),
    });
  }

  /** Allocates a tensor and fills it with zeros on the GPU. */
  zeros<D extends DType = "f32">(shape: readonly number[], label: string, dtype?: D): Tensor<D> {
    const t = this.tensor(shape, label, dtype);
    this.zero(t);
    return t;
  }

  /** Allocates a tensor holding `data` (Float32Array for f32, and so on). */
  upload<D extends DType = "f32">(
    data: HostArray<D>,
    shape: readonly number[],
    label: string,
    dtype?: D,
  ): Tensor<D> {
    const t = this.tensor(shape, label, dtype);
    this.write(t, data);
    return t;
  }

  /**
   * Copies host data into a tensor. Recorded work is submitted first, so it
   * reads the old contents and later work reads the new ones.
   */
  write(t: Tensor, data: ArrayBufferView): void {
    t.assertLive("write");
    if (data.byteLength !== t.byteLength) {
      throw new RangeError(`write to ${t}: ${data.byteLength} bytes given, ${t.byteLength} expected`);
    }
    this.flush();
    this.device.queue.writeBuffer(t.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Records zeroing of a whole tensor (clearBuffer, no kernel). */
  zero(t: Tensor): void {
    t.assertLive("zero");
    this.commandEncoder().clearBuffer(t.buffer, 0, t.byteLength);
  }

  /** Records a copy of `src` into `dst`, both of the same size. */
  copy(src: Tensor, dst: Tensor): void {
    src.assertLive("copy");
    dst.assertLive("copy");
    if (src.size !== dst.size) throw new RangeError(`copy ${src} to ${dst}: sizes differ`);
    this.commandEncoder().copyBufferToBuffer(src.buffer, 0, dst.buffer, 0, src.byteLength);
  }

  /** Submits recorded work, waits for it and reads a tensor back. */
  async read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    t.assertLive("read");
    const staging = this.device.createBuffer({
      label: `read ${t.label}`,
      size: Math.max(4, t.byteLength),
      usage: USAGE_MAP_READ | USAGE_COPY_DST,
    });
    this.commandEncoder().copyBufferToBuffer(t.buffer, 0, staging, 0, t.byteLength);
    this.flush();
    try {
      await staging.mapAsync(MAP_MODE_READ);
    } catch (error) {
      await this.settleScopes();
      this.throwIfFailed(`read ${t.label}`);
      throw error;
    }
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    staging.destroy();
    await this.settleScopes();
    this.throwIfFailed(`read ${t.label}`);
    const Array = { f32: Float32Array, u32: Uint32Array, i32: Int32Array }[t.dtype];
    return new Array(bytes, 0, t.size) as HostArray<D>;
  }

  /** Records one kernel launch as its own labelled compute pass. */
  dispatch(d: Dispatch): void {
    this.assertUsable(d.label);
    const limit = this.limits.maxComputeWorkgroupsPerDimension;
    if (d.workgroups.some((n) => n > limit)) {
      throw new GpuError(
        `${d.label}: ${d.workgroups.join(" x ")} workgroups exceed ` +
          `maxComputeWorkgroupsPerDimension (${limit})`,
      );
    }
    if (d.workgroups.some((n) => n === 0)) return;
    const pipeline = this.pipelines.get(d.shader, d.overrides);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: this.uniform(d.params) }];
    d.bindings.forEach((b, i) => {
      if (b instanceof Tensor) b.assertLive(d.label);
      const buffer = b instanceof Tensor ? b.buffer : b;
      entries.push({ binding: i + 1, resource: { buffer } });
    });
    const bindGroup = this.device.createBindGroup({
      label: d.label,
      layout: pipeline.getBindGroupLayout(0),
      entries,
    });
    const pass = this.commandEncoder().beginComputePass({ label: d.label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    pass.end();
    this.lastKernel = d.label;
    this.captured?.push({ ...d, bindings: d.bindings.map((b) => (b instanceof Tensor ? b.buffer : b)) });
    this.recorded.push({ label: d.label, buffers: entries.slice(1).map((e) => (e.resource as GPUBufferBinding).buffer.label) });
  }

  /** Submits the recorded work to the GPU queue without waiting. */
  flush(): void {
    if (this.encoder) {
      // Pass validation happens at finish(), where Dawn's messages name
      // buffers but not passes, so the scope adds the kernels involved.
      const recorded = this.recorded;
      this.device.pushErrorScope("validation");
      this.device.queue.submit([this.encoder.finish()]);
      const scope = this.device.popErrorScope().then((error) => {
        if (error) this.errors.push(`${error.message}\n${kernelsInvolved(error.message, recorded)}`);
      });
      this.scopes.push(scope);
      this.encoder = null;
    }
    this.recorded = [];
    this.uniformSlot = 0;
  }

  /** Submits recorded work, waits until the GPU is done and throws on errors. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    await this.settleScopes();
    this.throwIfFailed("sync");
  }

  private async settleScopes(): Promise<void> {
    await Promise.all(this.scopes.splice(0));
  }

  /** Throws a {@link GpuError} for collected validation errors or device loss. */
  throwIfFailed(context: string): void {
    if (this.lostMessage) {
      throw new GpuError(`${context}: ${this.lostMessage} (last kernel: ${this.lastKernel || "none"})`);
    }
    if (this.errors.length > 0) {
      const messages = this.errors.splice(0).join("\n");
      throw new GpuError(`${context}: WebGPU reported:\n${messages}`);
    }
  }

  /**
   * Tunes every kernel shape that `step` records: runs `step` once with the
   * tuner recording (its GPU work runs, so pass a step whose effects can be
   * redone or discarded), then times each candidate variant on scratch
   * tensors and keeps the fastest (see {@link Autotuner.tune} for
   * `samples`). Later launches of those shapes use it.
   */
  async autotune(step: () => void | Promise<void>, samples?: number): Promise<TuningResult[]> {
    this.tuner.startRecording();
    try {
      await step();
      await this.sync();
    } catch (error) {
      this.tuner.stopRecording();
      throw error;
    }
    return this.tuner.tune(samples);
  }

  /**
   * Starts keeping a copy of every launch, for profiles that replay a
   * step's kernels one at a time (see {@link stopCapture}).
   */
  startCapture(): void {
    this.captured = [];
  }

  /**
   * Stops capturing and returns the launches since {@link startCapture}.
   * Their bindings are raw buffers, which stay valid while they are in the
   * pool (until {@link destroy}), so replaying them repeats the same work.
   * Their contents at replay time are whatever the buffers then contain.
   */
  stopCapture(): CapturedDispatch[] {
    const captured = this.captured ?? [];
    this.captured = null;
    return captured;
  }

  /** Frees every buffer and the device; the context is unusable afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.pool.destroy();
    for (const b of this.uniformBuffers) b.destroy();
    this.placeholder.destroy();
    this.device.destroy();
  }

  private assertUsable(operation: string): void {
    if (this.destroyed) throw new GpuError(`${operation}: the Gpu context was destroyed`);
    if (this.lostMessage) throw new GpuError(`${operation}: ${this.lostMessage}`);
  }

  private commandEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: "kernels" });
    return this.encoder;
  }

  /**
   * Places uniform data in a fresh 256-byte slot. Slots are reused after a
   * flush: writeBuffer calls made after a submit take effect after it.
   */
  private uniform(params: ArrayBuffer): GPUBufferBinding {
    if (params.byteLength > UNIFORM_SLOT) throw new RangeError("uniform block above 256 bytes");
    if (this.uniformSlot === UNIFORM_SLOTS_PER_BUFFER * 64) this.flush();
    const slot = this.uniformSlot++;
    const index = Math.floor(slot / UNIFORM_SLOTS_PER_BUFFER);
    while (this.uniformBuffers.length <= index) {
      this.uniformBuffers.push(
        this.device.createBuffer({
          label: `uniforms ${this.uniformBuffers.length}`,
          size: UNIFORM_SLOT * UNIFORM_SLOTS_PER_BUFFER,
          usage: USAGE_UNIFORM | USAGE_COPY_DST,
        }),
      );
    }
    const buffer = this.uniformBuffers[index];
    const offset = (slot % UNIFORM_SLOTS_PER_BUFFER) * UNIFORM_SLOT;
    this.device.queue.writeBuffer(buffer, offset, params);
    return { buffer, offset, size: params.byteLength };
  }
}
