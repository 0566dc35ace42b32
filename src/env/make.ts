import { atariariKey } from "../atariari/games.ts";
import { labelTable } from "../atariari/labels.ts";
import { AleEnv } from "./ale-env.ts";
import type { Emulator, Env } from "./types.ts";
import { ChannelsFirst } from "./wrappers/channels-first.ts";
import { ClipReward } from "./wrappers/clip-reward.ts";
import { EpisodicLife } from "./wrappers/episodic-life.ts";
import { FireReset } from "./wrappers/fire-reset.ts";
import { FrameStack } from "./wrappers/frame-stack.ts";
import { Grayscale } from "./wrappers/grayscale.ts";
import { AtariLabels } from "./wrappers/labels.ts";
import { MaxAndSkip } from "./wrappers/max-and-skip.ts";
import { NoopReset } from "./wrappers/noop-reset.ts";
import { PaletteMax } from "./wrappers/palette-max.ts";
import { Resize } from "./wrappers/resize.ts";

/** Preprocessing options; the defaults are those of the AtariARI benchmark's `get_episodes`. */
export interface AtariEnvOptions {
  /** Maximum random NOOPs after a reset (default 30); 0 turns the step off. */
  noopMax?: number;
  /** Frames per step with max-pooling of the last two (default 4); 1 turns it off. */
  frameSkip?: number;
  /** A lost life ends the episode (default true). */
  episodicLife?: boolean;
  /** Press FIRE after a reset in games that have it (default true). */
  fireReset?: boolean;
  /** Shrink to 84x84 with area interpolation (default false: 210x160). */
  downsample?: boolean;
  /** Keep RGB, 3 channels (default false: grey, 1 channel). */
  color?: boolean;
  /** Rewards become their sign (default true). */
  clipRewards?: boolean;
  /** Observations stacked along the channel axis (default 1). */
  frameStack?: number;
  /** Add `info.labels` for games with AtariARI annotations (default true). */
  labels?: boolean;
  /** Truncate episodes after this many emulated frames (default 400,000; 0 = never). */
  maxEpisodeFrames?: number;
  /**
   * Screen format read from the emulator: `palette` indices (the default
   * when the emulator has `getScreen`), turned into colours only after
   * max-pooling, or `rgb`. Both give the same observations, but `palette`
   * copies and converts fewer bytes.
   */
  screen?: "rgb" | "palette";
}

/**
 * Wraps an emulator in the AtariARI code's chain for `{Game}NoFrameskip-v4`:
 * no-op reset, max-and-skip, labels, episodic life, fire reset, resize,
 * grayscale, reward clipping, then channels-first layout and frame stacking.
 * Observations are `[channels * frameStack, height, width]` uint8.
 */
export function makeAtariEnv(
  ale: Emulator,
  rom: Uint8Array,
  game: string,
  options: AtariEnvOptions = {},
): Env {
  const screen = options.screen ?? (ale.getScreen ? "palette" : "rgb");
  let env: Env = new AleEnv(ale, rom, { maxEpisodeFrames: options.maxEpisodeFrames, screen });
  const noopMax = options.noopMax ?? 30;
  if (noopMax > 0) env = new NoopReset(env, noopMax);
  const frameSkip = options.frameSkip ?? 4;
  if (frameSkip > 1) env = new MaxAndSkip(env, frameSkip, screen === "palette");
  if ((options.labels ?? true) && atariariKey(game) !== undefined) {
    env = new AtariLabels(env, labelTable(game));
  }
  if (options.episodicLife ?? true) env = new EpisodicLife(env);
  if ((options.fireReset ?? true) && env.unwrapped.actionMeanings.includes("FIRE")) {
    env = new FireReset(env);
  }
  if (screen === "palette") {
    // Grey straight from the palette pair, unless the resize needs RGB first.
    env = new PaletteMax(env, options.color || options.downsample);
    if (options.downsample) env = new Resize(env, 84, 84);
    if (options.downsample && !options.color) env = new Grayscale(env);
  } else {
    if (options.downsample) env = new Resize(env, 84, 84);
    if (!options.color) env = new Grayscale(env);
  }
  if (options.clipRewards ?? true) env = new ClipReward(env);
  env = new ChannelsFirst(env);
  const frameStack = options.frameStack ?? 1;
  if (frameStack > 1) env = new FrameStack(env, frameStack);
  return env;
}
