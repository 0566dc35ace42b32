// Package entry: the public API of the emulator, environments and training.

export { ALEInterface, Action, AtariCore, actionName, JOYSTICK_ACTION_COUNT, type CreateOptions, type ScreenDims, type WasmSource } from "./ale/index.ts";
export { stdimLossAndGradients, type StdimLossRequest, type StdimLossResult } from "./stdim/loss-api.ts";
export { natureCnnSpec, initEncoderParameters, type EncoderSpec, type NatureCnnOptions, type Parameters } from "./stdim/encoder.ts";
export { encodeSafetensors, decodeSafetensors, type Tensor as SafetensorsTensor } from "./checkpoint/safetensors.ts";
export { weightedF1, accuracy } from "./probe/metrics.ts";
export { labelCategories, summarizeMetric, CATEGORIES, type Category } from "./probe/categories.ts";
