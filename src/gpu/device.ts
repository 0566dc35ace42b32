// Device acquisition for Node (npm `webgpu`, Dawn) and browsers
// (`navigator.gpu`), with the limit checks the kernels rely on.

/** Adapter description for logs and tuning caches. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for CPU implementations (lavapipe, SwiftShader, WARP). */
  isSoftware: boolean;
  /** "node" (Dawn through npm `webgpu`) or "browser" (`navigator.gpu`). */
  host: "node" | "browser";
}

/** Failure of the WebGPU device or of a kernel, with the kernel's label. */
export class GpuError extends Error {
  override name = "GpuError";
}

/**
 * Minimums the kernels need. Each is at or below the WebGPU default, so any
 * conforming adapter passes; a failure names the limit.
 */
export const REQUIRED_LIMITS = {
  maxStorageBuffersPerShaderStage: 5,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 64,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
  maxBufferSize: 256 * 1024 * 1024,
} as const;

/** Limits requested at the adapter's maximum, so large batches fit. */
const RAISED_LIMITS = ["maxStorageBufferBindingSize", "maxBufferSize"] as const;

/** Options for {@link requestGpuDevice}. */
export interface DeviceOptions {
  powerPreference?: GPUPowerPreference;
  /** Label given to the device; it appears in Dawn's error messages. */
  label?: string;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|warp|software|cpu/i;

const NO_ADAPTER_HELP =
  "WebGPU found no adapter. On Linux without a GPU, install Mesa's lavapipe " +
  "Vulkan driver, version 24 or newer (Debian 12: `apt-get install -t " +
  "bookworm-backports mesa-vulkan-drivers libvulkan1`); in Chromium, start " +
  "it with --enable-unsafe-webgpu.";

// Dawn's GPU object in Node. It must stay referenced while devices live:
// once garbage-collected, Dawn's event processing reads freed memory and
// the process aborts.
let dawnInstance: GPU | null = null;

async function nodeGpu(): Promise<GPU> {
  if (dawnInstance) return dawnInstance;
  // Loaded only in Node, so browser bundles can leave `webgpu` out.
  const dawn = (await import("webgpu")) as {
    create(options: string[]): GPU;
    globals: Record<string, unknown>;
  };
  Object.assign(globalThis, dawn.globals);
  dawnInstance = dawn.create([]);
  return dawnInstance;
}

async function findGpu(): Promise<{ gpu: GPU; host: AdapterReport["host"] }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, host: "browser" };
  if (typeof process !== "undefined" && process.versions?.node) {
    return { gpu: await nodeGpu(), host: "node" };
  }
  throw new GpuError(`navigator.gpu is missing. ${NO_ADAPTER_HELP}`);
}

function describeAdapter(adapter: GPUAdapter, host: AdapterReport["host"]): AdapterReport {
  const info = adapter.info;
  const report = {
    vendor: info?.vendor ?? "",
    architecture: info?.architecture ?? "",
    device: info?.device ?? "",
    description: info?.description ?? "",
    host,
  };
  const names = `${report.vendor} ${report.architecture} ${report.device} ${report.description}`;
  const fallback = (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter;
  return { ...report, isSoftware: fallback === true || SOFTWARE_NAMES.test(names) };
}

/**
 * Checks the adapter's limits against {@link REQUIRED_LIMITS} and returns
 * the limits to request; throws a {@link GpuError} naming a limit that is
 * too low.
 */
export function checkAdapterLimits(adapter: Pick<GPUAdapter, "limits">): Record<string, number> {
  const limits = adapter.limits as unknown as Record<string, number>;
  const requested: Record<string, number> = {};
  for (const [name, minimum] of Object.entries(REQUIRED_LIMITS)) {
    const available = limits[name];
    if (available < minimum) {
      throw new GpuError(
        `The adapter's ${name} is ${available}, below the ${minimum} the ` +
          "kernels need. Use another adapter or GPU driver.",
      );
    }
    requested[name] = minimum;
  }
  for (const name of RAISED_LIMITS) requested[name] = limits[name];
  return requested;
}

/**
 * Requests an adapter and a device with the limits the kernels need, from
 * `navigator.gpu` where it exists and from npm `webgpu` (Dawn) in Node.
 * Throws {@link GpuError} naming the fix when there is no adapter, and
 * naming the limit when one is too low.
 */
export async function requestGpuDevice(
  options: DeviceOptions = {},
): Promise<{ device: GPUDevice; adapter: AdapterReport; limits: GPUSupportedLimits }> {
  const { gpu, host } = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference });
  if (!adapter) throw new GpuError(NO_ADAPTER_HELP);
  const requiredLimits = checkAdapterLimits(adapter);
  const device = await adapter.requestDevice({
    label: options.label ?? "atariari",
    requiredLimits,
  });
  return { device, adapter: describeAdapter(adapter, host), limits: device.limits };
}
