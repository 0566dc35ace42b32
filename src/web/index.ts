// Browser entry: the package's API plus the one-call benchmark and game
// loading that a web page needs, bundled by scripts/build-web.ts into one
// ES module (dist/web/atariari.js) with the built-in cartridge inside.
// Without an explicit module, the emulator loads atari.wasm from next to
// the bundle; pages that serve it elsewhere pass
// `AtariCore.load(url)` to `ALEInterface.create` and `runBenchmark`.

export * from "../index.ts";
export { AtariCore } from "../ale/wasm.ts";
export { Gpu, GpuError } from "../gpu/index.ts";
export { PUBLISHED_RESULTS, type PublishedResults } from "./published.ts";
export {
  runBenchmark,
  collectForProbes,
  summarizeDataset,
  encoderCheckpoint,
  DEMO_SETTINGS,
  type BenchmarkSettings,
  type BenchmarkGame,
  type BenchmarkHooks,
  type BenchmarkOutcome,
  type DatasetSummary,
  type EncoderEpoch,
} from "./benchmark-job.ts";
export { builtinGame, gameFromRomFile, RomError, BUILTIN_GAME } from "./games.ts";
export { RunControl, RunStopped } from "./run-control.ts";
