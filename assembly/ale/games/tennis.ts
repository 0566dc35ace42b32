import { Machine } from "../../machine";
import { Game } from "./game";

const GAMES_TO_WIN: i32 = 6;
const MAX_GAMES: i32 = 7;

export class Tennis extends Game {
  constructor() {
    super();
    this.romId = "tennis";
    this.md5 = "42cdd6a9e42a3639e190722b8ea3fc51";
    this.modes = [0, 2];
    this.difficulties = [0, 1, 2, 3];
    this.modeRam = 0;
    this.selectFrames = 2;
  }

  // `memo` is the previous games lead, `memo2` the previous points lead.
  step(m: Machine): void {
    const myPoints = <i32>m.readRam(69);
    const theirPoints = <i32>m.readRam(70);
    const myGames = <i32>m.readRam(71);
    const theirGames = <i32>m.readRam(72);
    const gamesLead = myGames - theirGames;
    const pointsLead = myPoints - theirPoints;

    if (gamesLead != this.memo) this.reward = gamesLead - this.memo;
    else if (pointsLead != this.memo2) this.reward = pointsLead - this.memo2;
    else this.reward = 0;
    this.memo = gamesLead;
    this.memo2 = pointsLead;

    this.terminal =
      (myGames >= GAMES_TO_WIN && gamesLead >= 2) ||
      (theirGames >= GAMES_TO_WIN && -gamesLead >= 2) ||
      myGames == MAX_GAMES ||
      theirGames == MAX_GAMES;
  }

  lives(): i32 {
    return 0;
  }
}
