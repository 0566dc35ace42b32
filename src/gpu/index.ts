// WebGPU compute runtime: device, tensors, autotuned kernels.

export { Gpu, type GpuOptions, type Dispatch } from "./context.ts";
export { GpuError, REQUIRED_LIMITS, checkAdapterLimits, requestGpuDevice, type AdapterReport } from "./device.ts";
export { Tensor, shapeSize, type DType, type HostArray } from "./tensor.ts";
export { Autotuner, fileTuningStore, localStorageTuningStore, type TuningResult, type TuningStore, type Variant } from "./tuner.ts";
export * from "./kernels/matmul.ts";
export * from "./kernels/layers.ts";
export * from "./kernels/conv.ts";
export * from "./kernels/reduce.ts";
export * from "./kernels/loss.ts";
export * from "./kernels/optim.ts";
export * from "./kernels/elementwise.ts";
