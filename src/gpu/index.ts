// WebGPU compute runtime: device, tensors, autotuned kernels.
//
// Typical use: `const gpu = await Gpu.create()`, tensors from `gpu.upload`,
// `gpu.tensor` or `uploadFrames`, then kernel launchers (conv2dForward,
// linearBackward, softmaxCrossEntropy, Adam, ...) that record into one
// command encoder. `gpu.read(t)` submits and copies a tensor back, and
// `gpu.autotune(step)` picks the fastest variant of each kernel for the
// shapes `step` uses. Layouts are PyTorch's: NCHW activations, conv weights
// [C_out, C_in, KH, KW], linear weights [out, in].

export { Gpu, type GpuOptions, type Dispatch, type CapturedDispatch } from "./context.ts";
export { GpuError, REQUIRED_LIMITS, checkAdapterLimits, requestGpuDevice, type AdapterReport } from "./device.ts";
export { Tensor, shapeSize, type DType, type HostArray } from "./tensor.ts";
export { Autotuner, fileTuningStore, localStorageTuningStore, userTuningCachePath, userTuningStore, type TuningResult, type TuningStore, type Variant } from "./tuner.ts";
export * from "./kernels/matmul.ts";
export * from "./kernels/layers.ts";
export * from "./kernels/conv.ts";
export * from "./kernels/conv-nhwc.ts";
export * from "./kernels/reduce.ts";
export * from "./kernels/loss.ts";
export * from "./kernels/optim.ts";
export * from "./kernels/elementwise.ts";
