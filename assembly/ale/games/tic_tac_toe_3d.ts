import { Machine } from "../../machine";
import { Game } from "./game";

// A return address on the stack marks the end-of-game routine.
const END_RETURN_HIGH: u8 = 0xf3;
const END_RETURN_LOW: u8 = 0x10;
const PLAYER_WINS: u8 = 0x08;

export class TicTacToe3d extends Game {
  constructor() {
    super();
    this.romId = "tic_tac_toe_3d";
    this.md5 = "0db4f4150fecf77e4ce72ca4d04c052f";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    this.difficulties = [0, 2];
    this.modeRam = 8;
    this.selectFrames = 2;
  }

  // The terminal flag stays set until reset().
  step(m: Machine): void {
    this.reward = 0;
    const ended = m.readRam(127) == END_RETURN_HIGH && m.readRam(126) == END_RETURN_LOW;
    if (ended) {
      this.reward = m.readRam(97) == PLAYER_WINS ? 1 : -1;
      this.terminal = true;
    }
    let full = true;
    for (let i = 26; i <= 89 && full; i++) {
      if (m.readRam(i) == 0) full = false;
    }
    if (full) this.terminal = true;
  }
}
