// ALE's settings with their defaults in ALE 0.12.1. ALE reads them when a
// ROM is loaded, so a change takes effect at the next loadROM.

/** Setting ids shared with the TypeScript side, which maps ALE's keys. */
export const enum SettingId {
  RandomSeed = 0,
  SystemRandomSeed = 1,
  FrameSkip = 2,
  RepeatActionProbability = 3,
  MaxNumFramesPerEpisode = 4,
  ColorAveraging = 5,
}

export const SETTING_COUNT: i32 = 6;

/** Seed of the emulator's power-on random generator in ALE. */
export const DEFAULT_SYSTEM_RANDOM_SEED: u32 = 4753849;

export class Settings {
  /** Seed of the environment generator (sticky actions). */
  randomSeed: i32 = 0;
  systemRandomSeed: u32 = DEFAULT_SYSTEM_RANDOM_SEED;
  /** Frames emulated per act() call; values below 1 act as 1. */
  frameSkip: i32 = 1;
  /** Chance that a frame repeats the previous action (sticky actions). */
  repeatActionProbability: f32 = 0.25;
  /** Episode length limit in frames; 0 means no limit. */
  maxNumFramesPerEpisode: i32 = 0;
  /** Whether screens average the last two frames, as ALE's option does. */
  colorAveraging: bool = false;

  set(id: i32, value: f64): void {
    switch (id) {
      case SettingId.RandomSeed:
        this.randomSeed = <i32>value;
        break;
      case SettingId.SystemRandomSeed:
        this.systemRandomSeed = <u32>(<i64>value);
        break;
      case SettingId.FrameSkip:
        this.frameSkip = <i32>value;
        break;
      case SettingId.RepeatActionProbability:
        this.repeatActionProbability = <f32>value;
        break;
      case SettingId.MaxNumFramesPerEpisode:
        this.maxNumFramesPerEpisode = <i32>value;
        break;
      case SettingId.ColorAveraging:
        this.colorAveraging = value != 0;
        break;
    }
  }

  get(id: i32): f64 {
    switch (id) {
      case SettingId.RandomSeed:
        return this.randomSeed;
      case SettingId.SystemRandomSeed:
        return this.systemRandomSeed;
      case SettingId.FrameSkip:
        return this.frameSkip;
      case SettingId.RepeatActionProbability:
        return this.repeatActionProbability;
      case SettingId.MaxNumFramesPerEpisode:
        return this.maxNumFramesPerEpisode;
      case SettingId.ColorAveraging:
        return this.colorAveraging ? 1 : 0;
    }
    return 0;
  }

  copyFrom(other: Settings): void {
    this.randomSeed = other.randomSeed;
    this.systemRandomSeed = other.systemRandomSeed;
    this.frameSkip = other.frameSkip;
    this.repeatActionProbability = other.repeatActionProbability;
    this.maxNumFramesPerEpisode = other.maxNumFramesPerEpisode;
    this.colorAveraging = other.colorAveraging;
  }
}
