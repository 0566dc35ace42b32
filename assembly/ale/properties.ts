// The Stella cartridge properties that ALE's behaviour depends on. Stella
// looks them up by ROM MD5 in its property database; a ROM missing from
// it gets these defaults.

/** Controller types a console port can hold. */
export const enum Controller {
  Joystick = 0,
  Paddles = 1,
}

/** Display formats; AutoDetect lets the console decide while powering on. */
export const enum DisplayFormat {
  AutoDetect = 0,
  Ntsc = 1,
  Pal = 2,
}

export const DEFAULT_YSTART: i32 = 34;
export const DEFAULT_HEIGHT: i32 = 210;
/** Height of a 210-line screen once the console decides it is PAL. */
export const PAL_HEIGHT: i32 = 250;

/** Stella properties of one cartridge (Display.*, Controller.*, Console.*). */
export class Properties {
  /** First frame-buffer scanline of the screen (Display.YStart). */
  yStart: i32 = DEFAULT_YSTART;
  /** Screen height in scanlines (Display.Height). */
  height: i32 = DEFAULT_HEIGHT;
  /** Display.Format. */
  format: DisplayFormat = DisplayFormat.AutoDetect;
  leftController: Controller = Controller.Joystick;
  rightController: Controller = Controller.Joystick;
  /** Controller.SwapPaddles: paddle 0 is read on INPT1, paddle 1 on INPT0. */
  swapPaddles: bool = false;
  /** Console.SwapPorts: player A's joystick is in the right port. */
  swapPorts: bool = false;
  /** Emulation.HmoveBlanks: whether an HMOVE blanks 8 pixels. */
  hmoveBlanks: bool = true;
  /** Console.LeftDifficulty / RightDifficulty at power-on (A = true). */
  leftDifficultyA: bool = false;
  rightDifficultyA: bool = false;

  usesPaddles(): bool {
    return (
      this.leftController == Controller.Paddles ||
      this.rightController == Controller.Paddles
    );
  }
}
