/**
 * The part of ALE's interface that the environments use. The project's
 * `ALEInterface` satisfies it, and tests drive the wrappers with scripted
 * fakes of it.
 */
export interface Emulator {
  loadROM(rom: Uint8Array): void;
  resetGame(): void;
  /** Emulates one frame per `frame_skip` with the ALE action id; returns the reward. */
  act(action: number): number;
  gameOver(): boolean;
  lives(): number;
  getMinimalActionSet(): ArrayLike<number>;
  /** Screen as height x width x 3 bytes (RGB, row-major). */
  getScreenRGB(out?: Uint8Array): Uint8Array;
  /** Screen as height x width palette indices; lets the environments skip RGB until needed. */
  getScreen?(out?: Uint8Array): Uint8Array;
  /** The 128 bytes of RIOT RAM; byte i is 6502 address 0x80 + i. */
  getRAM(): Uint8Array;
  getFrameNumber(): number;
  setInt(key: string, value: number): void;
  setFloat(key: string, value: number): void;
  /** Releases the emulator's state (ALEInterface shares one WebAssembly module among many). */
  dispose?(): void;
}

/** Layout of an observation array: `[height, width, channels]` or `[channels, height, width]`. */
export type Shape = readonly number[];

/** Per-step information, as Gymnasium's `info` dictionary. */
export interface StepInfo {
  /** `lives()` after the step. */
  lives: number;
  /** ALE's frame counter since the ROM was loaded. */
  frameNumber: number;
  /** AtariARI labels read from RAM after the step (AtariARI games only). */
  labels?: Record<string, number>;
}

export interface ResetResult {
  observation: Uint8Array;
  info: StepInfo;
}

export interface StepResult {
  observation: Uint8Array;
  reward: number;
  /** The game (or, under episodic life, the life) ended. */
  terminated: boolean;
  /** The episode was cut off by a frame limit. */
  truncated: boolean;
  info: StepInfo;
}

export interface ResetOptions {
  /** Reseeds the environment: the ROM is loaded again and every random draw restarts. */
  seed?: number;
}

/** A discrete action space `{0, ..., n-1}` over the game's minimal action set. */
export interface ActionSpace {
  readonly n: number;
  sample(): number;
}

/** A Gymnasium-style environment. Observations are new arrays owned by the caller. */
export interface Env {
  readonly actionSpace: ActionSpace;
  readonly observationShape: Shape;
  reset(options?: ResetOptions): ResetResult;
  step(action: number): StepResult;
  /** The innermost environment, which owns the emulator. */
  readonly unwrapped: BaseEnv;
}

/** The innermost environment's interface, as wrappers use it. */
export interface BaseEnv extends Env {
  readonly ale: Emulator;
  /** The environment's random generator, reseeded by `reset({ seed })`. */
  readonly rng: import("./random.ts").Random;
  /** Names of the minimal action set, e.g. `["NOOP", "FIRE", "RIGHT"]`. */
  readonly actionMeanings: readonly string[];
  /** Packed 0xRRGGBB colour of each palette index of the game's TV standard. */
  readonly palette: Uint32Array;
}
