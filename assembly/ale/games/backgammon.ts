import { Machine } from "../../machine";
import { Controller } from "../properties";
import { Game, ModeDriver, signedRam } from "./game";

const PIECES: i32 = 15;
// The mode routine waits for this value of the variation byte.
const VARIATION: i32 = 3;

export class Backgammon extends Game {
  constructor() {
    super();
    this.romId = "backgammon";
    this.md5 = "8556b42aa05f94bc29ff39c39b11bff4";
    this.props.leftController = Controller.Paddles;
    this.paddleMax = 1000000;
    this.minimalActions = [1, 3, 4];
    this.difficulties = [3];
    this.modeRam = 92;
    this.selectFrames = 1;
  }

  // Counts are signed 8-bit, as in ALE. Reward and terminal keep their
  // value until reset().
  step(m: Machine): void {
    const playerOff = <i8>-signedRam(m, 0);
    const computerOff = <i8>signedRam(m, 14);
    let computerOn: i8 = 0;
    let playerOn: i8 = 0;
    for (let i = 1; i <= 27; i++) {
      if (i == 14) continue;
      const pieces = signedRam(m, i);
      if (pieces > 0) computerOn += <i8>pieces;
      else playerOn += <i8>-pieces;
    }
    const consistent =
      <i32>computerOn + computerOff == PIECES && <i32>playerOn + playerOff == PIECES;
    if (!consistent) return;
    if (playerOff == PIECES) {
      this.reward = 1;
      this.terminal = true;
    } else if (computerOff == PIECES) {
      this.reward = -1;
      this.terminal = true;
    }
  }

  setMode(driver: ModeDriver, mode: i32): void {
    this.pressSelectUntil(driver, this.modeRam, VARIATION, this.selectFrames);
    driver.softReset();
  }
}
