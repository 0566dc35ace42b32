// Package entry: the public API of the emulator, environments and training.

export { ALEInterface, Action, AtariCore, actionName, JOYSTICK_ACTION_COUNT, type CreateOptions, type ScreenDims, type WasmSource } from "./ale/index.ts";
export { stdimLossAndGradients, type StdimLossRequest, type StdimLossResult } from "./stdim/loss-api.ts";
export { natureCnnSpec, initEncoderParameters, type EncoderSpec, type NatureCnnOptions, type Parameters } from "./stdim/encoder.ts";
export { encodeSafetensors, decodeSafetensors, type Tensor as SafetensorsTensor } from "./checkpoint/safetensors.ts";
export { weightedF1, accuracy } from "./probe/metrics.ts";
export { labelCategories, summarizeMetric, CATEGORIES, type Category } from "./probe/categories.ts";
export { AleEnv, ACTION_MEANINGS, DiscreteSpace, NO_FRAMESKIP_V4_MAX_FRAMES, type AleEnvOptions } from "./env/ale-env.ts";
export { createAtariEnv, createAtariVectorEnv, checkRomForGame, type AtariEnvSpec } from "./env/atari.ts";
export { makeAtariEnv, type AtariEnvOptions } from "./env/make.ts";
export { VectorEnv, type VectorEnvironment, type VectorStep } from "./env/vector.ts";
export type { Env, Emulator, StepResult, ResetResult, StepInfo, ActionSpace } from "./env/types.ts";
export { Random } from "./env/random.ts";
export { grayOf, rgbToGray, resizeArea } from "./env/image.ts";
export { RAM_ANNOTATIONS } from "./atariari/ram-annotations.ts";
export { labelTable, readLabels, readLabelValues, type LabelTable } from "./atariari/labels.ts";
export { ATARIARI_GAMES, atariariKey, aleNameOfAtariariKey } from "./atariari/games.ts";
export { collectRandomRollouts, getEpisodes, type GetEpisodesOptions, type CollectedEpisodes } from "./atariari/collect.ts";
export { labelEntropies, shuffledOrder, splitForProbe, splitForEncoder, type Episode, type EpisodeSet } from "./atariari/episodes.ts";
export { aleGameName, gymGameName, knownRomByMd5, knownRomForGame } from "./roms/games.ts";
export { KNOWN_ROMS, type KnownRom } from "./roms/known-roms.ts";
export { md5Hex } from "./roms/md5.ts";
