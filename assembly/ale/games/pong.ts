import { Machine } from "../../machine";
import { Controller } from "../properties";
import { Game } from "./game";

const WINNING_POINTS: u8 = 21;

export class Pong extends Game {
  constructor() {
    super();
    this.romId = "pong";
    this.md5 = "60e0ea3cbe0913d39803477945e9e5ec";
    this.props.leftController = Controller.Paddles;
    this.props.rightController = Controller.Paddles;
    this.props.swapPaddles = true;
    this.minimalActions = [0, 1, 3, 4, 11, 12];
    this.modes = [0, 1];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 22;
    this.selectFrames = 2;
  }

  step(m: Machine): void {
    const computer = m.readRam(13);
    const player = m.readRam(14);
    const score = <i32>player - <i32>computer;
    this.reward = score - this.score;
    this.score = score;
    this.terminal = computer == WINNING_POINTS || player == WINNING_POINTS;
  }

  lives(): i32 {
    return 0;
  }
}
