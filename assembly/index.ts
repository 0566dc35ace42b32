// WebAssembly exports: flat functions over integer handles, one handle per
// ALEInterface object on the JavaScript side. Buffers are exchanged through
// pointers into this module's memory (see src/ale/).

import { AleHandle } from "./ale/interface";
import { allGames } from "./ale/games/registry";
import { JOYSTICK_ACTION_COUNT } from "./ale/actions";
import { SCREEN_WIDTH } from "./machine";
import { envBatchAddHandle } from "./env/batch";
import { StateWriter } from "./state";

const handles = new Array<AleHandle | null>();

function handle(id: i32): AleHandle {
  return changetype<AleHandle>(handles[id]);
}

/** Creates an ALE interface and returns its handle. */
export function aleCreate(): i32 {
  for (let i = 0; i < handles.length; i++) {
    if (handles[i] == null) {
      handles[i] = new AleHandle();
      return i;
    }
  }
  handles.push(new AleHandle());
  return handles.length - 1;
}

/** Releases a handle; its memory is reclaimed by the next collection. */
export function aleDestroy(id: i32): void {
  handles[id] = null;
}

export function aleSetSetting(id: i32, setting: i32, value: f64): void {
  handle(id).settings.set(setting, value);
}

export function aleGetSetting(id: i32, setting: i32): f64 {
  return handle(id).settings.get(setting);
}

/** Returns a buffer of `size` bytes for the host to fill (ROM or state). */
export function aleInputBuffer(id: i32, size: i32): usize {
  return handle(id).inputBuffer(size);
}

/** Returns the message of the last failure or warning (a string pointer). */
export function aleMessage(id: i32): string {
  return handle(id).message;
}

/** Loads the ROM in the input buffer; returns LOAD_OK, LOAD_UNKNOWN_GAME or LOAD_FAILED. */
export function aleLoadRom(id: i32, size: i32): i32 {
  return handle(id).loadRom(size);
}

export function aleResetGame(id: i32): void {
  handle(id).environment().reset();
}

export function aleAct(id: i32, action: i32, paddleStrength: f32): i32 {
  return handle(id).environment().act(action, paddleStrength);
}

export function aleGameOver(id: i32, withTruncation: bool): bool {
  const env = handle(id).environment();
  return withTruncation ? env.isTerminal() : env.game.terminal;
}

export function aleGameTruncated(id: i32): bool {
  return handle(id).environment().isTruncated();
}

export function aleLives(id: i32): i32 {
  return handle(id).environment().lives();
}

export function aleFrameNumber(id: i32): i32 {
  return handle(id).environment().frameNumber;
}

export function aleEpisodeFrameNumber(id: i32): i32 {
  return handle(id).environment().episodeFrameNumber;
}

export function aleMinimalActionCount(id: i32): i32 {
  return handle(id).environment().game.minimalActions.length;
}

export function aleMinimalAction(id: i32, index: i32): i32 {
  return handle(id).environment().game.minimalActions[index];
}

export function aleIsLegalAction(id: i32, action: i32): bool {
  return handle(id).environment().game.isLegal(action);
}

export function aleJoystickActionCount(): i32 {
  return JOYSTICK_ACTION_COUNT;
}

export function aleModeCount(id: i32): i32 {
  return handle(id).environment().game.modes.length;
}

export function aleMode(id: i32, index: i32): i32 {
  return handle(id).environment().game.modes[index];
}

export function aleDifficultyCount(id: i32): i32 {
  return handle(id).environment().game.difficulties.length;
}

export function aleDifficulty(id: i32, index: i32): i32 {
  return handle(id).environment().game.difficulties[index];
}

/** Sets the mode used from the next reset; returns false if unavailable. */
export function aleSetMode(id: i32, mode: i32): bool {
  const env = handle(id).environment();
  if (!env.game.hasMode(mode)) return false;
  env.mode = mode;
  return true;
}

export function aleCurrentMode(id: i32): i32 {
  return handle(id).environment().mode;
}

/** Sets the difficulty switches from the next frame; false if unavailable. */
export function aleSetDifficulty(id: i32, difficulty: i32): bool {
  const env = handle(id).environment();
  if (!env.game.hasDifficulty(difficulty)) return false;
  env.difficulty = difficulty;
  return true;
}

export function aleCurrentDifficulty(id: i32): i32 {
  return handle(id).environment().difficulty;
}

export function aleScreenWidth(id: i32): i32 {
  return SCREEN_WIDTH;
}

export function aleScreenHeight(id: i32): i32 {
  return handle(id).environment().machine.height;
}

export function aleScreen(id: i32): usize {
  return handle(id).screen();
}

export function aleScreenRgb(id: i32): usize {
  return handle(id).screenRgb();
}

export function aleScreenGrayscale(id: i32): usize {
  return handle(id).screenGrayscale();
}

/** Returns a pointer to the 128 bytes of RIOT RAM (valid until the next load). */
export function aleRam(id: i32): usize {
  return changetype<usize>(handle(id).environment().machine.riot.ram);
}

export function aleSetRam(id: i32, index: i32, value: i32): void {
  handle(id).environment().machine.writeRam(index, <u8>value);
}

/** Serialises the state to the output buffer; returns its length. */
export function aleCloneState(id: i32): i32 {
  return handle(id).cloneState();
}

export function aleOutputBuffer(id: i32): usize {
  return handle(id).output.dataStart;
}

/** Restores the state in the input buffer; false (with a message) if invalid. */
export function aleRestoreState(id: i32, size: i32): bool {
  return handle(id).restoreState(size);
}

export function aleRomMd5(id: i32): string {
  return handle(id).romMd5;
}

export function aleIsPal(id: i32): bool {
  return handle(id).environment().machine.pal;
}

/** Returns the FNV-1a hash of the screen's palette indices. */
export function aleScreenHash(id: i32): u32 {
  return handle(id).environment().machine.screenHash();
}

/** Turns recording of reset frames on or off (a test aid). */
export function aleLogResets(id: i32, enabled: bool): void {
  const target = handle(id);
  target.logResets = enabled;
  const env = target.env;
  if (env != null) env.resetLog = enabled ? new StateWriter() : null;
}

/** Returns the reset log's length in bytes; its bytes are at aleResetLog(). */
export function aleResetLogLength(id: i32): i32 {
  const log = handle(id).environment().resetLog;
  return log == null ? 0 : log.length;
}

export function aleResetLog(id: i32): usize {
  const log = handle(id).environment().resetLog;
  return log == null ? 0 : log.bytes.dataStart;
}

/** Returns the TIA scanline at the end of the last frame (a diagnostic). */
export function aleScanline(id: i32): i32 {
  return handle(id).environment().machine.tia.scanlines;
}

/** Returns the CPU cycles of the last frame (a diagnostic). */
export function aleFrameCycles(id: i32): u32 {
  return handle(id).environment().machine.tia.frameCycles;
}

// Chip test exports: the CPU on a flat RAM bus with an access log, and the
// RIOT and cartridges on a console bus without a CPU.
export * from "./harness/cpu";
export * from "./harness/chips";

// Batched stepping of many machines with one call (see env/batch.ts).
export {
  envBatchCreate,
  envBatchDestroy,
  envBatchStep,
  envBatchActions,
  envBatchLimits,
  envBatchFramesDone,
  envBatchRecords,
  envBatchScreens,
  envBatchRam,
  envBatchSlotsWritten,
} from "./env/batch";
export { envGrayTable, envGrayScratch, envGrayOfMax } from "./env/gray";

/** Adds the machine of ALE handle `aleId` to batch `batchId`; false if it does not fit. */
export function envBatchAdd(batchId: i32, aleId: i32): bool {
  return envBatchAddHandle(batchId, handle(aleId));
}

// Scratch space for batched calls: ids, actions, then rewards and game-over
// flags written back, `count` i32 values each.
let batch = new Int32Array(0);

/** Returns a buffer of 4 * `count` i32 values for aleActBatch. */
export function aleBatchBuffer(count: i32): usize {
  if (batch.length < count * 4) batch = new Int32Array(count * 4);
  return batch.dataStart;
}

/**
 * Steps `count` environments in one call: entry i of the first block is a
 * handle, of the second its action. Writes each reward to the third block
 * and each game-over flag to the fourth.
 */
export function aleActBatch(count: i32): void {
  const buffer = batch;
  for (let i = 0; i < count; i++) {
    const env = handle(unchecked(buffer[i])).environment();
    unchecked((buffer[2 * count + i] = env.act(unchecked(buffer[count + i]), 1)));
    unchecked((buffer[3 * count + i] = env.isTerminal() ? 1 : 0));
  }
}

/** Returns ALE's ROM id of the loaded game, "unknown" when ALE has none. */
export function aleRomId(id: i32): string {
  return handle(id).environment().game.romId;
}

/** Returns the number of games with ALE rules. */
export function aleGameCount(): i32 {
  return allGames().length;
}

/** Returns ALE's ROM id of game `index` (0 <= index < aleGameCount()). */
export function aleGameName(index: i32): string {
  return allGames()[index].romId;
}

/** Returns the ROM MD5 that game `index`'s rules expect. */
export function aleGameMd5(index: i32): string {
  return allGames()[index].md5;
}
