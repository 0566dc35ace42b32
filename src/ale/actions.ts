/**
 * ALE's player-A action ids. Ids 0..17 are the joystick actions; `RESET`
 * presses the console's RESET switch and is ALE's id 40 (act() treats it
 * as NOOP, as ALE does).
 */
export enum Action {
  NOOP = 0,
  FIRE = 1,
  UP = 2,
  RIGHT = 3,
  LEFT = 4,
  DOWN = 5,
  UPRIGHT = 6,
  UPLEFT = 7,
  DOWNRIGHT = 8,
  DOWNLEFT = 9,
  UPFIRE = 10,
  RIGHTFIRE = 11,
  LEFTFIRE = 12,
  DOWNFIRE = 13,
  UPRIGHTFIRE = 14,
  UPLEFTFIRE = 15,
  DOWNRIGHTFIRE = 16,
  DOWNLEFTFIRE = 17,
  RESET = 40,
}

/** Number of joystick actions (ids 0..17). */
export const JOYSTICK_ACTION_COUNT = 18;

/** Returns ALE's name of an action id, such as "UPFIRE". */
export function actionName(action: number): string {
  const name = Action[action];
  if (typeof name !== "string") {
    throw new RangeError(`invalid action id ${action}: expected 0..17 or 40 (RESET)`);
  }
  return name;
}
