// Browser entry: the package's API plus the one-call benchmark and game
// loading that a web page needs, bundled by scripts/build-web.ts into one
// ES module (dist/web/atariari.js) with the built-in cartridge inside.
// NOTE: the emulator's default location, build/atari.wasm two folders above
// the module, exists only in a checkout. Pages load the copy next to the
// bundle with `AtariCore.load(new URL("./atari.wasm", import.meta.url))`
// and pass that core to `ALEInterface.create` and `runBenchmark`.

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
