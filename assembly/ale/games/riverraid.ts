import { Machine } from "../../machine";
import { Game } from "./game";

// Score digits are stored as 8 * digit, least significant first.
const DIGIT_RAM: StaticArray<i32> = [87, 85, 83, 81, 79, 77];
const LIVES_AT_START: u8 = 0x58;
const LIVES_LAST: u8 = 0x59;

function digitValue(raw: u8): i32 {
  if ((raw & 7) != 0 || raw > 72) return 0;
  return raw >> 3;
}

export class Riverraid extends Game {
  constructor() {
    super();
    this.romId = "riverraid";
    this.md5 = "393948436d1f4cc3192410bb918f9724";
    this.difficulties = [0, 1];
  }

  // `memo` is the lives byte of the latest frame.
  reset(): void {
    super.reset();
    this.memo = LIVES_AT_START;
  }

  step(m: Machine): void {
    let score = 0;
    let weight = 1;
    for (let i = 0; i < DIGIT_RAM.length; i++) {
      score += weight * digitValue(m.readRam(DIGIT_RAM[i]));
      weight *= 10;
    }
    this.reward = score - this.score;
    this.score = score;

    const livesByte = m.readRam(64);
    this.terminal = livesByte == LIVES_AT_START && this.memo == LIVES_LAST;
    this.memo = livesByte;
  }

  lives(): i32 {
    if (this.terminal) return 0;
    const livesByte = <u8>this.memo;
    if (livesByte == LIVES_AT_START) return 4;
    if (livesByte == LIVES_LAST) return 1;
    return <i32>livesByte / 8 + 1;
  }
}
