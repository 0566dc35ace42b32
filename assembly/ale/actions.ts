// ALE's player-A action ids and what each one presses. Ids 0..17 are the
// joystick actions every game accepts; RESET (40) is used only by reset
// sequences and starting actions, and act() turns it into NOOP.

export const NOOP: i32 = 0;
export const FIRE: i32 = 1;
export const UP: i32 = 2;
export const RIGHT: i32 = 3;
export const LEFT: i32 = 4;
export const DOWN: i32 = 5;
export const UPRIGHT: i32 = 6;
export const UPLEFT: i32 = 7;
export const DOWNRIGHT: i32 = 8;
export const DOWNLEFT: i32 = 9;
export const UPFIRE: i32 = 10;
export const RIGHTFIRE: i32 = 11;
export const LEFTFIRE: i32 = 12;
export const DOWNFIRE: i32 = 13;
export const UPRIGHTFIRE: i32 = 14;
export const UPLEFTFIRE: i32 = 15;
export const DOWNRIGHTFIRE: i32 = 16;
export const DOWNLEFTFIRE: i32 = 17;
export const RESET: i32 = 40;

export const JOYSTICK_ACTION_COUNT: i32 = 18;

// Bits of an action's input, one table entry per action id 0..17.
export const PRESS_UP: u8 = 0b00001;
export const PRESS_DOWN: u8 = 0b00010;
export const PRESS_LEFT: u8 = 0b00100;
export const PRESS_RIGHT: u8 = 0b01000;
export const PRESS_FIRE: u8 = 0b10000;

const PRESSES: StaticArray<u8> = [
  0, // NOOP
  PRESS_FIRE,
  PRESS_UP,
  PRESS_RIGHT,
  PRESS_LEFT,
  PRESS_DOWN,
  PRESS_UP | PRESS_RIGHT,
  PRESS_UP | PRESS_LEFT,
  PRESS_DOWN | PRESS_RIGHT,
  PRESS_DOWN | PRESS_LEFT,
  PRESS_UP | PRESS_FIRE,
  PRESS_RIGHT | PRESS_FIRE,
  PRESS_LEFT | PRESS_FIRE,
  PRESS_DOWN | PRESS_FIRE,
  PRESS_UP | PRESS_RIGHT | PRESS_FIRE,
  PRESS_UP | PRESS_LEFT | PRESS_FIRE,
  PRESS_DOWN | PRESS_RIGHT | PRESS_FIRE,
  PRESS_DOWN | PRESS_LEFT | PRESS_FIRE,
];

/** Returns the PRESS_* bits of a joystick action, 0 for RESET and others. */
export function actionPresses(action: i32): u8 {
  if (<u32>action >= <u32>JOYSTICK_ACTION_COUNT) return 0;
  return unchecked(PRESSES[action]);
}

/** Returns whether `action` is a valid ALE player-A action id. */
export function isActionId(action: i32): bool {
  return (action >= 0 && action < JOYSTICK_ACTION_COUNT) || action == RESET;
}
