// The console's inputs as the chips see them. The ALE layer rewrites them
// before every frame; the RIOT reads the joystick and console switches, the
// TIA reads the fire buttons and paddles.

// SWCHA bits for the left joystick (upper nibble) and right joystick (lower
// nibble). A pressed direction reads as 0.
export const JOY_RIGHT: u8 = 0b1000;
export const JOY_LEFT: u8 = 0b0100;
export const JOY_DOWN: u8 = 0b0010;
export const JOY_UP: u8 = 0b0001;

// SWCHB console switch bits. RESET and SELECT read 0 while held; a difficulty
// switch reads 1 in position A (pro) and 0 in position B (amateur).
export const SWITCH_RESET: u8 = 0b0000_0001;
export const SWITCH_SELECT: u8 = 0b0000_0010;
export const SWITCH_COLOR: u8 = 0b0000_1000;
export const SWITCH_LEFT_DIFFICULTY: u8 = 0b0100_0000;
export const SWITCH_RIGHT_DIFFICULTY: u8 = 0b1000_0000;

export class Controls {
  // SWCHA as the joysticks drive it: all bits 1 when nothing is pressed.
  swcha: u8 = 0xff;
  // SWCHB as the switches drive it: colour on, both difficulties B,
  // RESET and SELECT released.
  swchb: u8 = 0b0000_1011;
  // Fire buttons of the left and right joystick (INPT4, INPT5).
  leftFire: bool = false;
  rightFire: bool = false;
  // Paddle resistances in ohms for INPT0..INPT3; a larger resistance
  // charges the capacitor more slowly.
  paddleResistance: StaticArray<i32> = new StaticArray<i32>(4);

  releaseAll(): void {
    this.swcha = 0xff;
    this.swchb |= SWITCH_RESET | SWITCH_SELECT;
    this.leftFire = false;
    this.rightFire = false;
  }

  copyFrom(other: Controls): void {
    this.swcha = other.swcha;
    this.swchb = other.swchb;
    this.leftFire = other.leftFire;
    this.rightFire = other.rightFire;
    for (let i = 0; i < 4; i++) {
      this.paddleResistance[i] = other.paddleResistance[i];
    }
  }
}
