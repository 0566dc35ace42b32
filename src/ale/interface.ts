// ALEInterface: ALE 0.12.1's C++ API in camelCase over the WebAssembly core.

import { Action, JOYSTICK_ACTION_COUNT } from "./actions.ts";
import { AtariCore, type AtariExports, type WasmSource } from "./wasm.ts";

/** Options of `ALEInterface.create`. */
export interface CreateOptions {
  /**
   * The emulator module: a compiled module, its bytes, a URL or path, or a
   * fetch Response. Defaults to build/atari.wasm (read from disk in Node,
   * fetched next to this file in browsers).
   */
  wasm?: WasmSource;
  /** An instantiated core to share with other interfaces. */
  core?: AtariCore;
}

/** A game whose ALE rules (reward, game over, lives, modes) are built in. */
export interface GameInfo {
  /** ALE's ROM id, the usual file stem ("ms_pacman"). */
  id: string;
  /** MD5 of the ROM image the rules are for. */
  md5: string;
}

/** Screen size in pixels. */
export interface ScreenDims {
  width: number;
  height: number;
}

type SettingType = "int" | "float" | "bool";

// Modes and difficulties cross into WebAssembly as u32, which would
// truncate 1.5 to 1 and turn NaN into 0.
const isUint32 = (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

interface SettingSpec {
  id: number;
  type: SettingType;
  check(value: number): string | null;
}

const isInteger = (min: number, max: number) => (value: number) =>
  Number.isInteger(value) && value >= min && value <= max
    ? null
    : `an integer in [${min}, ${max}]`;

// ALE's setting keys, their types, and the ids in assembly/ale/settings.ts.
const SETTINGS: Record<string, SettingSpec> = {
  random_seed: { id: 0, type: "int", check: isInteger(0, 2 ** 31 - 1) },
  system_random_seed: { id: 1, type: "int", check: isInteger(0, 2 ** 32 - 1) },
  frame_skip: { id: 2, type: "int", check: isInteger(1, 2 ** 31 - 1) },
  repeat_action_probability: {
    id: 3,
    type: "float",
    check: (value) => (value >= 0 && value <= 1 ? null : "a probability in [0, 1]"),
  },
  max_num_frames_per_episode: { id: 4, type: "int", check: isInteger(0, 2 ** 31 - 1) },
  color_averaging: {
    id: 5,
    type: "bool",
    check: (value) =>
      value === 0 ? null : "false (averaging of consecutive frames is not implemented)",
  },
};

const LOAD_UNKNOWN_GAME = 1;
const LOAD_FAILED = -1;

/**
 * One Atari 2600 with ALE's behaviour: load a ROM, act, read screens, RAM,
 * reward, lives and game over. Settings take effect at the next `loadROM`,
 * as in ALE. Every method other than the settings needs a loaded ROM.
 *
 * ```ts
 * const ale = await ALEInterface.create();
 * ale.setInt("random_seed", 1);
 * ale.setFloat("repeat_action_probability", 0);
 * ale.loadROM(readFileSync("pong.bin"));
 * const actions = ale.getMinimalActionSet();
 * let total = 0;
 * while (!ale.gameOver()) {
 *   total += ale.act(actions[Math.floor(Math.random() * actions.length)]);
 * }
 * const frame = ale.getScreenRGB(); // 210 x 160 x 3 bytes
 * ale.resetGame();
 * ```
 */
export class ALEInterface {
  private readonly exports: AtariExports;
  private readonly id: number;
  private loaded = false;
  private disposed = false;

  private constructor(readonly core: AtariCore) {
    this.exports = core.exports;
    this.id = this.exports.aleCreate();
  }

  /**
   * Creates an interface. Interfaces created without `wasm` or `core`
   * share one WebAssembly instance.
   */
  static async create(options: CreateOptions = {}): Promise<ALEInterface> {
    const core = options.core ?? (await AtariCore.load(options.wasm));
    return new ALEInterface(core);
  }

  /** Releases this interface's emulator state inside the shared module. */
  dispose(): void {
    if (this.disposed) return;
    this.exports.aleDestroy(this.id);
    this.loaded = false;
    this.disposed = true;
    this.core.collectGarbage();
  }

  /**
   * Lists the games with built-in ALE rules, sorted by id. A ROM is
   * recognised by its MD5; other ROMs run with reward 0 and no game over.
   */
  static async getAvailableGames(core?: AtariCore): Promise<GameInfo[]> {
    const loaded = core ?? (await AtariCore.load());
    const { exports } = loaded;
    const games: GameInfo[] = [];
    for (let i = 0; i < exports.aleGameCount(); i++) {
      games.push({
        id: loaded.string(exports.aleGameName(i)),
        md5: loaded.string(exports.aleGameMd5(i)),
      });
    }
    return games.sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Acts in many interfaces with one call into the module (one frame_skip
   * step each, paddle strength 1) and returns their rewards. `gameOver`, if
   * given, receives 1 where an episode ended. All interfaces must share one
   * core, so create them without `wasm` or with the same `core`.
   */
  static actBatch(
    interfaces: readonly ALEInterface[],
    actions: ArrayLike<number>,
    rewards: Int32Array = new Int32Array(interfaces.length),
    gameOver?: Uint8Array,
  ): Int32Array {
    const count = interfaces.length;
    if (actions.length !== count || rewards.length < count) {
      throw new RangeError(
        `actBatch got ${count} interfaces, ${actions.length} actions and room for ` +
          `${rewards.length} rewards: pass one action and one reward slot per interface`,
      );
    }
    if (count === 0) return rewards;
    const core = interfaces[0].core;
    const pointer = core.exports.aleBatchBuffer(count);
    const buffer = new Int32Array(core.exports.memory.buffer, pointer, 4 * count);
    for (let i = 0; i < count; i++) {
      const ale = interfaces[i];
      if (ale.core !== core) {
        throw new Error(`actBatch: interface ${i} uses another core; create all with one core`);
      }
      buffer[i] = ale.ready();
      buffer[count + i] = checkAction(actions[i]);
    }
    core.exports.aleActBatch(count);
    const results = new Int32Array(core.exports.memory.buffer, pointer, 4 * count);
    rewards.set(results.subarray(2 * count, 3 * count));
    if (gameOver !== undefined) gameOver.set(results.subarray(3 * count, 4 * count));
    return rewards;
  }

  // ---- settings ----------------------------------------------------------

  /** Sets an integer setting (`random_seed`, `frame_skip`, ...). */
  setInt(key: string, value: number): void {
    this.setSetting(key, value, "int");
  }

  /** Returns an integer setting. */
  getInt(key: string): number {
    return this.getSetting(key, "int");
  }

  /** Sets a float setting (`repeat_action_probability`). */
  setFloat(key: string, value: number): void {
    this.setSetting(key, value, "float");
  }

  /** Returns a float setting. */
  getFloat(key: string): number {
    return this.getSetting(key, "float");
  }

  /** Sets a boolean setting (`color_averaging`). */
  setBool(key: string, value: boolean): void {
    if (typeof value !== "boolean") {
      throw new TypeError(`invalid value ${String(value)} for ${key}: expected true or false`);
    }
    this.setSetting(key, value ? 1 : 0, "bool");
  }

  /** Returns a boolean setting. */
  getBool(key: string): boolean {
    return this.getSetting(key, "bool") !== 0;
  }

  private spec(key: string, type: SettingType): SettingSpec {
    this.checkNotDisposed();
    const spec = SETTINGS[key];
    if (spec === undefined) {
      throw new Error(
        `unknown setting key "${key}": supported keys are ${Object.keys(SETTINGS).join(", ")}`,
      );
    }
    const numeric = spec.type !== "bool" && type !== "bool";
    if (spec.type !== type && !numeric) {
      throw new TypeError(`setting "${key}" is a ${spec.type}: use set/get${capital(spec.type)}`);
    }
    return spec;
  }

  private setSetting(key: string, value: number, type: SettingType): void {
    const spec = this.spec(key, type);
    const problem = typeof value === "number" ? spec.check(value) : "a number";
    if (problem !== null) {
      throw new RangeError(`invalid value ${String(value)} for ${key}: expected ${problem}`);
    }
    this.exports.aleSetSetting(this.id, spec.id, value);
  }

  private getSetting(key: string, type: SettingType): number {
    return this.exports.aleGetSetting(this.id, this.spec(key, type).id);
  }

  // ---- ROM and episodes --------------------------------------------------

  /**
   * Loads a ROM image (the bytes of a .bin file), powers the console on and
   * resets the game. A ROM that is not one of ALE's games still runs, with
   * reward 0 and no game over, and logs a warning.
   */
  loadROM(rom: Uint8Array | ArrayBuffer): void {
    const bytes = rom instanceof Uint8Array ? rom : new Uint8Array(rom);
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError("loadROM expects the ROM bytes as a Uint8Array or ArrayBuffer");
    }
    this.checkNotDisposed();
    const { exports } = this;
    this.loaded = false;
    const pointer = exports.aleInputBuffer(this.id, bytes.length);
    this.core.bytes(pointer, bytes.length).set(bytes);
    const status = exports.aleLoadRom(this.id, bytes.length);
    this.core.collectGarbage();
    if (status === LOAD_FAILED) throw new Error(this.message());
    this.loaded = true;
    if (status === LOAD_UNKNOWN_GAME) console.warn(`warning: ${this.message()}`);
  }

  /** Resets the game (ALE's reset_game): the full reset sequence. */
  resetGame(): void {
    this.exports.aleResetGame(this.ready());
  }

  /**
   * Applies `action` for `frame_skip` frames and returns the summed reward.
   * `paddleStrength` scales the paddle movement of paddle games (ALE's
   * default 1). Returns 0 and emulates nothing once the game is over.
   */
  act(action: Action | number, paddleStrength = 1): number {
    const id = this.ready();
    checkAction(action);
    if (!Number.isFinite(paddleStrength)) {
      throw new RangeError(`invalid paddle strength ${paddleStrength}: expected a finite number`);
    }
    return this.exports.aleAct(id, action, paddleStrength);
  }

  /**
   * Returns whether the episode ended: the game is over, or (with
   * `withTruncation`, the default) max_num_frames_per_episode was reached.
   */
  gameOver(withTruncation = true): boolean {
    return this.exports.aleGameOver(this.ready(), withTruncation ? 1 : 0) !== 0;
  }

  /** Returns whether max_num_frames_per_episode cut the episode off. */
  gameTruncated(): boolean {
    return this.exports.aleGameTruncated(this.ready()) !== 0;
  }

  /** Returns the lives left, as the game's ALE wrapper counts them. */
  lives(): number {
    return this.exports.aleLives(this.ready());
  }

  /** Returns the frames emulated by act() since the ROM was loaded. */
  getFrameNumber(): number {
    return this.exports.aleFrameNumber(this.ready());
  }

  /** Returns the frames emulated by act() since the last reset. */
  getEpisodeFrameNumber(): number {
    return this.exports.aleEpisodeFrameNumber(this.ready());
  }

  // ---- actions, modes, difficulties --------------------------------------

  /** Returns the actions the game needs, in ascending id order. */
  getMinimalActionSet(): Action[] {
    const id = this.ready();
    const count = this.exports.aleMinimalActionCount(id);
    const actions: Action[] = [];
    for (let i = 0; i < count; i++) actions.push(this.exports.aleMinimalAction(id, i));
    return actions;
  }

  /** Returns every action the game accepts, in ascending id order. */
  getLegalActionSet(): Action[] {
    const id = this.ready();
    const actions: Action[] = [];
    for (let action = 0; action < JOYSTICK_ACTION_COUNT; action++) {
      if (this.exports.aleIsLegalAction(id, action) !== 0) actions.push(action);
    }
    return actions;
  }

  /** Returns the game modes ALE offers for this game. */
  getAvailableModes(): number[] {
    const id = this.ready();
    const count = this.exports.aleModeCount(id);
    return Array.from({ length: count }, (_, i) => this.exports.aleMode(id, i));
  }

  /** Selects a game mode; it takes effect at the next `resetGame`. */
  setMode(mode: number): void {
    const handle = this.ready();
    if (!isUint32(mode) || this.exports.aleSetMode(handle, mode) === 0) {
      throw new RangeError(
        `invalid mode ${mode}: available modes are ${this.getAvailableModes().join(", ")}`,
      );
    }
  }

  /** Returns the selected game mode. */
  getMode(): number {
    return this.exports.aleCurrentMode(this.ready());
  }

  /** Returns the difficulties ALE offers for this game. */
  getAvailableDifficulties(): number[] {
    const id = this.ready();
    const count = this.exports.aleDifficultyCount(id);
    return Array.from({ length: count }, (_, i) => this.exports.aleDifficulty(id, i));
  }

  /**
   * Selects a difficulty: bit 0 puts the left difficulty switch in A, bit 1
   * the right one. It applies from the next emulated frame.
   */
  setDifficulty(difficulty: number): void {
    const handle = this.ready();
    if (!isUint32(difficulty) || this.exports.aleSetDifficulty(handle, difficulty) === 0) {
      throw new RangeError(
        `invalid difficulty ${difficulty}: available difficulties are ` +
          this.getAvailableDifficulties().join(", "),
      );
    }
  }

  /** Returns the selected difficulty. */
  getDifficulty(): number {
    return this.exports.aleCurrentDifficulty(this.ready());
  }

  // ---- screen and RAM ----------------------------------------------------

  /** Returns the screen size (160 wide; 210 high for most NTSC games). */
  getScreenDims(): ScreenDims {
    const id = this.ready();
    return {
      width: this.exports.aleScreenWidth(id),
      height: this.exports.aleScreenHeight(id),
    };
  }

  /** Returns the screen as palette indices, row-major (height x width). */
  getScreen(out?: Uint8Array): Uint8Array {
    const size = this.screenPixels();
    const pointer = this.exports.aleScreen(this.id);
    return this.copyOut(pointer, size, out, "getScreen");
  }

  /** Returns the screen as RGB bytes, row-major (height x width x 3). */
  getScreenRGB(out?: Uint8Array): Uint8Array {
    const size = this.screenPixels() * 3;
    const pointer = this.exports.aleScreenRgb(this.id);
    return this.copyOut(pointer, size, out, "getScreenRGB");
  }

  /** Returns the screen as ALE's grey levels, row-major (height x width). */
  getScreenGrayscale(out?: Uint8Array): Uint8Array {
    const size = this.screenPixels();
    const pointer = this.exports.aleScreenGrayscale(this.id);
    return this.copyOut(pointer, size, out, "getScreenGrayscale");
  }

  /** Returns a copy of the 128 bytes of RIOT RAM (byte i is address 0x80 + i). */
  getRAM(out?: Uint8Array): Uint8Array {
    const pointer = this.exports.aleRam(this.ready());
    return this.copyOut(pointer, 128, out, "getRAM");
  }

  /** Writes one byte of RIOT RAM; `index` is 0..127 (address 0x80 + index). */
  setRAM(index: number, value: number): void {
    const id = this.ready();
    if (!Number.isInteger(index) || index < 0 || index > 127) {
      throw new RangeError(`invalid RAM index ${index}: expected an integer 0..127`);
    }
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new RangeError(`invalid RAM value ${value}: expected an integer 0..255`);
    }
    this.exports.aleSetRam(id, index, value);
  }

  // ---- state -------------------------------------------------------------

  /**
   * Returns the whole state: console, game rules, frame counters, paddles
   * and both random generators. Restoring it replays identically.
   */
  cloneState(): Uint8Array {
    const length = this.exports.aleCloneState(this.ready());
    const state = this.core.bytes(this.exports.aleOutputBuffer(this.id), length).slice();
    this.core.noteAllocation();
    return state;
  }

  /** Restores a state returned by `cloneState` for the same ROM. */
  restoreState(state: Uint8Array): void {
    const id = this.ready();
    if (!(state instanceof Uint8Array)) {
      throw new TypeError("restoreState expects the Uint8Array returned by cloneState()");
    }
    const pointer = this.exports.aleInputBuffer(id, state.length);
    this.core.bytes(pointer, state.length).set(state);
    const restored = this.exports.aleRestoreState(id, state.length) !== 0;
    this.core.noteAllocation();
    if (!restored) throw new Error(this.message());
  }

  /** Returns ALE's id of the loaded game (e.g. "ms_pacman"), or null for an unknown ROM. */
  getRomId(): string | null {
    const name = this.core.string(this.exports.aleRomId(this.ready()));
    return name === "unknown" ? null : name;
  }

  /** Returns the MD5 of the loaded ROM. */
  getRomMd5(): string {
    return this.core.string(this.exports.aleRomMd5(this.ready()));
  }

  // ---- helpers -----------------------------------------------------------

  private checkNotDisposed(): void {
    if (this.disposed) {
      throw new Error("this ALEInterface was disposed: create a new one with ALEInterface.create()");
    }
  }

  private ready(): number {
    this.checkNotDisposed();
    if (!this.loaded) throw new Error("no ROM is loaded: call loadROM(bytes) first");
    return this.id;
  }

  private message(): string {
    return this.core.string(this.exports.aleMessage(this.id));
  }

  private screenPixels(): number {
    const { width, height } = this.getScreenDims();
    return width * height;
  }

  private copyOut(pointer: number, size: number, out: Uint8Array | undefined, name: string): Uint8Array {
    const view = this.core.bytes(pointer, size);
    if (out === undefined) return view.slice();
    if (out.length < size) {
      throw new RangeError(`${name}: output array has ${out.length} bytes, needs ${size}`);
    }
    out.set(view);
    return out;
  }
}

function checkAction(action: number): number {
  const valid =
    Number.isInteger(action) &&
    ((action >= 0 && action < JOYSTICK_ACTION_COUNT) || action === Action.RESET);
  if (!valid) {
    throw new RangeError(
      `invalid action id ${String(action)}: expected an integer 0..17 (see Action) or 40 (RESET)`,
    );
  }
  return action;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
