import { Machine } from "../../machine";
import { Game, bcd } from "./game";

const SCORE_OFFSET: i32 = 8000;

export class WizardOfWor extends Game {
  constructor() {
    super();
    this.romId = "wizard_of_wor";
    this.md5 = "7e8aa18bc9502eb57daaf5e7c1e94da7";
    this.props.swapPorts = true;
    this.minimalActions = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13];
    this.difficulties = [0, 1];
  }

  reset(): void {
    super.reset();
    this.livesValue = 3;
  }

  step(m: Machine): void {
    let value = bcd(m.readRam(6)) + 100 * bcd(m.readRam(8));
    if (value >= SCORE_OFFSET) value -= SCORE_OFFSET;
    const score = 100 * value;
    this.reward = score - this.score;
    this.score = score;
    const livesLeft = <i32>m.readRam(13) & 0x0f;
    this.terminal = livesLeft == 0 && m.readRam(116) == 0xf8;
    // Lives are read only on frames with bit 0 of RAM[87] clear.
    if ((m.readRam(87) & 1) == 0) this.livesValue = livesLeft;
  }

  lives(): i32 {
    return this.livesOrZero();
  }
}
