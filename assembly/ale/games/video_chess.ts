import { Machine } from "../../machine";
import { Game } from "./game";

const WHITE_TO_MOVE: u8 = 0x82;

export class VideoChess extends Game {
  constructor() {
    super();
    this.romId = "video_chess";
    this.md5 = "f0b7db930ca0e548c41a97160b9f6275";
    this.minimalActions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    this.modes = [0, 1, 2, 3, 4];
    this.modeRam = 106;
    this.selectFrames = 1;
  }

  // RAM[110] 0x00 or 0x01 with white to move means checkmate; the
  // terminal flag stays set until reset().
  step(m: Machine): void {
    this.reward = 0;
    if (m.readRam(97) != WHITE_TO_MOVE) return;
    const mate = m.readRam(110);
    if (mate == 0x00) {
      this.reward = 1;
      this.terminal = true;
    } else if (mate == 0x01) {
      this.reward = -1;
      this.terminal = true;
    }
  }
}
