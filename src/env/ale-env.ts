import { knownRomByMd5 } from "../roms/games.ts";
import { md5Hex } from "../roms/md5.ts";
import { NTSC_PALETTE, PAL_PALETTE } from "./palettes.ts";
import { Random } from "./random.ts";
import type {
  ActionSpace,
  BaseEnv,
  Emulator,
  ResetOptions,
  ResetResult,
  Shape,
  StepInfo,
  StepResult,
} from "./types.ts";

/** ALE's names of the 18 action ids. */
export const ACTION_MEANINGS: readonly string[] = [
  "NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT",
  "DOWNRIGHT", "DOWNLEFT", "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE",
  "UPRIGHTFIRE", "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE",
];

/**
 * Gym registers `{Game}NoFrameskip-v4` with a limit of 400,000 steps of one
 * frame each (`max_episode_steps = 4 * 100000`, gym 0.x Atari registration).
 */
export const NO_FRAMESKIP_V4_MAX_FRAMES = 400_000;

export interface AleEnvOptions {
  /** Frames after which an episode is truncated; 0 turns the limit off. */
  maxEpisodeFrames?: number;
  /**
   * `rgb` (default): observations are height x width x 3 RGB. `palette`:
   * height x width x 1 palette indices, a third of the bytes to copy; the
   * emulator must have `getScreen`.
   */
  screen?: "rgb" | "palette";
}

/**
 * Frames that a batch emulated ahead for one `step` of the wrapper chain:
 * the next `step` calls return these records instead of calling `act`.
 */
export interface PrefetchedFrames {
  /** ALE action id the batch applied. */
  aleAction: number;
  /** Frames emulated. */
  count: number;
  /** Frame i's reward at 4i, terminal flag at 4i + 1, lives at 4i + 2, frame number at 4i + 3. */
  records: Int32Array;
  /** Screen (palette indices) after frame i, where the batch kept it. */
  screens: (Uint8Array | undefined)[];
}

/** Result of a step whose frame a batch emulated. Its screen, where the batch kept one, is a view of the batch's slot. */
class PrefetchedStepResult implements StepResult {
  constructor(
    private readonly screen: Uint8Array | undefined,
    private readonly frame: number,
    public reward: number,
    public terminated: boolean,
    public truncated: boolean,
    public info: StepInfo,
  ) {}

  get observation(): Uint8Array {
    if (!this.screen) throw new Error(`the batch kept no screen of frame ${this.frame}`);
    // A view of WebAssembly memory is detached (length 0) once the memory grows.
    if (this.screen.byteLength === 0) throw new Error(`the batch's screen of frame ${this.frame} was invalidated`);
    return this.screen;
  }
}

/** A discrete space whose `sample()` draws from its own seeded generator. */
export class DiscreteSpace implements ActionSpace {
  readonly rng = new Random(0);

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`invalid action count ${n}: expected a positive integer`);
    }
  }

  sample(): number {
    return this.rng.integer(0, this.n);
  }
}

/**
 * One ALE game as a Gymnasium environment, like gym's `AtariEnv` with frame
 * skip 1 and no sticky actions. Action i is the i-th entry of the minimal
 * action set, observations are RGB screens (height x width x 3) or palette
 * indices, and `terminated` is `gameOver()`.
 *
 * A step's `observation` is read from the emulator when first accessed, so
 * wrappers that skip frames pay only for the screens they use. It must be
 * read before the next `step` or `reset`.
 */
export class AleEnv implements BaseEnv {
  readonly rng = new Random(0);
  readonly actionSpace: DiscreteSpace;
  readonly actionMeanings: readonly string[];
  readonly observationShape: Shape;
  readonly maxEpisodeFrames: number;
  readonly screen: "rgb" | "palette";
  readonly palette: Uint32Array;
  private readonly actions: Int32Array;
  private readonly screenBytes: number;
  private elapsedFrames = 0;
  private generation = 0;
  private prefetched: PrefetchedFrames | undefined;
  private prefetchedNext = 0;

  constructor(
    readonly ale: Emulator,
    private readonly rom: Uint8Array,
    options: AleEnvOptions = {},
  ) {
    this.maxEpisodeFrames = options.maxEpisodeFrames ?? NO_FRAMESKIP_V4_MAX_FRAMES;
    if (!Number.isInteger(this.maxEpisodeFrames) || this.maxEpisodeFrames < 0) {
      throw new Error(
        `invalid maxEpisodeFrames ${options.maxEpisodeFrames}: expected an integer >= 0`,
      );
    }
    this.screen = options.screen ?? "rgb";
    if (this.screen === "palette" && !ale.getScreen) {
      throw new Error("screen: palette needs an emulator with getScreen()");
    }
    this.palette = knownRomByMd5(md5Hex(rom))?.display === "PAL" ? PAL_PALETTE : NTSC_PALETTE;
    // The settings of gym's `{Game}NoFrameskip-v4`: one frame per act()
    // and no sticky actions. Settings take effect when a ROM is loaded.
    ale.setFloat("repeat_action_probability", 0);
    ale.setInt("frame_skip", 1);
    ale.loadROM(rom);
    this.actions = Int32Array.from(ale.getMinimalActionSet());
    this.actionSpace = new DiscreteSpace(this.actions.length);
    this.actionMeanings = Array.from(this.actions, (id) => ACTION_MEANINGS[id]);
    const height = ale.getScreenRGB().length / (160 * 3);
    const channels = this.screen === "palette" ? 1 : 3;
    this.screenBytes = height * 160 * channels;
    this.observationShape = [height, 160, channels];
  }

  get unwrapped(): AleEnv {
    return this;
  }

  reset(options: ResetOptions = {}): ResetResult {
    this.prefetched = undefined;
    if (options.seed !== undefined) this.seed(options.seed);
    else this.ale.resetGame();
    this.elapsedFrames = 0;
    this.generation++;
    return { observation: this.readScreen(), info: this.info() };
  }

  step(action: number): StepResult {
    if (!Number.isInteger(action) || action < 0 || action >= this.actions.length) {
      throw new Error(
        `invalid action ${action}: expected an integer in [0, ${this.actions.length})`,
      );
    }
    if (this.prefetched) return this.stepPrefetched(action, this.prefetched);
    const reward = this.ale.act(this.actions[action]);
    this.elapsedFrames++;
    const terminated = this.ale.gameOver();
    return this.lazyResult(reward, terminated, this.isTruncated());
  }

  /** Frames left before the episode is truncated (Infinity without a limit). */
  framesUntilTruncation(): number {
    return this.maxEpisodeFrames > 0 ? this.maxEpisodeFrames - this.elapsedFrames : Infinity;
  }

  /** Queues frames a batch emulated ahead; the next `step` calls consume them. */
  prefetch(frames: PrefetchedFrames): void {
    if (this.prefetched) throw new Error("prefetch: frames of the previous batch were not consumed");
    this.prefetched = frames;
    this.prefetchedNext = 0;
  }

  /** Frames of the last prefetch that no `step` has consumed. */
  pendingPrefetchedFrames(): number {
    return this.prefetched ? this.prefetched.count - this.prefetchedNext : 0;
  }

  private isTruncated(): boolean {
    return this.maxEpisodeFrames > 0 && this.elapsedFrames >= this.maxEpisodeFrames;
  }

  private stepPrefetched(action: number, frames: PrefetchedFrames): StepResult {
    if (this.actions[action] !== frames.aleAction) {
      throw new Error(`step(${action}) does not match the batch's ALE action ${frames.aleAction}`);
    }
    const i = this.prefetchedNext++;
    if (this.prefetchedNext === frames.count) this.prefetched = undefined;
    this.elapsedFrames++;
    this.generation++;
    const records = frames.records;
    return new PrefetchedStepResult(
      frames.screens[i],
      i,
      records[4 * i],
      records[4 * i + 1] !== 0,
      this.isTruncated(),
      { lives: records[4 * i + 2], frameNumber: records[4 * i + 3] },
    );
  }

  /** ALE action id of action index `action`. */
  aleAction(action: number): number {
    return this.actions[action];
  }

  private seed(seed: number): void {
    this.rng.seed(seed);
    this.actionSpace.rng.seed(seed ^ 0x2545f491);
    // ALE's own generator (sticky actions, some mode-selection routines)
    // takes a 31-bit seed. Loading the ROM again restarts the console, so
    // nothing carries over from earlier episodes.
    this.ale.setInt("random_seed", new Random(seed).nextU32() & 0x7fffffff);
    this.ale.loadROM(this.rom);
  }

  private info(): StepInfo {
    return { lives: this.ale.lives(), frameNumber: this.ale.getFrameNumber() };
  }

  private readScreen(): Uint8Array {
    const out = new Uint8Array(this.screenBytes);
    if (this.screen === "palette") this.ale.getScreen!(out);
    else this.ale.getScreenRGB(out);
    return out;
  }

  private lazyResult(reward: number, terminated: boolean, truncated: boolean): StepResult {
    const generation = ++this.generation;
    const env = this;
    let observation: Uint8Array | undefined;
    return {
      get observation(): Uint8Array {
        if (observation === undefined) {
          if (env.generation !== generation) {
            throw new Error("observation read after a later step or reset; read it first");
          }
          observation = env.readScreen();
        }
        return observation;
      },
      reward,
      terminated,
      truncated,
      info: this.info(),
    };
  }
}
