// Game wrappers keyed by ROM MD5, in the order ALE registers them. ALE
// also accepts a ROM whose file stem equals a wrapper's id; the caller
// passes that stem as `romId`.

import { Adventure } from "./adventure";
import { AirRaid } from "./air_raid";
import { Asteroids } from "./asteroids";
import { Backgammon } from "./backgammon";
import { BattleZone } from "./battle_zone";
import { Berzerk } from "./berzerk";
import { Bowling } from "./bowling";
import { Boxing } from "./boxing";
import { Breakout } from "./breakout";
import { Carnival } from "./carnival";
import { DemonAttack } from "./demon_attack";
import { DoubleDunk } from "./double_dunk";
import { ElevatorAction } from "./elevator_action";
import { Freeway } from "./freeway";
import { Frostbite } from "./frostbite";
import { Game } from "./game";
import { Hero } from "./hero";
import { JourneyEscape } from "./journey_escape";
import { Kaboom } from "./kaboom";
import { Klax } from "./klax";
import { MontezumaRevenge } from "./montezuma_revenge";
import { MsPacman } from "./ms_pacman";
import { Pitfall } from "./pitfall";
import { Pitfall2 } from "./pitfall2";
import { Pong } from "./pong";
import { PrivateEye } from "./private_eye";
import { Qbert } from "./qbert";
import { Riverraid } from "./riverraid";
import { Robotank } from "./robotank";
import { Seaquest } from "./seaquest";
import { SpaceInvaders } from "./space_invaders";
import { Surround } from "./surround";
import { Tennis } from "./tennis";
import { Tetris } from "./tetris";
import { TicTacToe3d } from "./tic_tac_toe_3d";
import { Tutankham } from "./tutankham";
import { Venture } from "./venture";
import { VideoPinball } from "./video_pinball";
import { Windfall } from "./windfall";
import { WordZapper } from "./word_zapper";
import { YarsRevenge } from "./yars_revenge";

const FACTORIES: StaticArray<() => Game> = [
  (): Game => new Adventure(),
  (): Game => new AirRaid(),
  (): Game => new Asteroids(),
  (): Game => new Backgammon(),
  (): Game => new BattleZone(),
  (): Game => new Berzerk(),
  (): Game => new Bowling(),
  (): Game => new Boxing(),
  (): Game => new Breakout(),
  (): Game => new Carnival(),
  (): Game => new DemonAttack(),
  (): Game => new DoubleDunk(),
  (): Game => new ElevatorAction(),
  (): Game => new Freeway(),
  (): Game => new Frostbite(),
  (): Game => new Hero(),
  (): Game => new JourneyEscape(),
  (): Game => new Kaboom(),
  (): Game => new Klax(),
  (): Game => new MontezumaRevenge(),
  (): Game => new MsPacman(),
  (): Game => new Pitfall(),
  (): Game => new Pitfall2(),
  (): Game => new Pong(),
  (): Game => new PrivateEye(),
  (): Game => new Qbert(),
  (): Game => new Riverraid(),
  (): Game => new Robotank(),
  (): Game => new Seaquest(),
  (): Game => new SpaceInvaders(),
  (): Game => new Surround(),
  (): Game => new Tennis(),
  (): Game => new Tetris(),
  (): Game => new TicTacToe3d(),
  (): Game => new Tutankham(),
  (): Game => new Venture(),
  (): Game => new VideoPinball(),
  (): Game => new Windfall(),
  (): Game => new WordZapper(),
  (): Game => new YarsRevenge(),
];

let catalogue: Array<Game> | null = null;

/** Returns one instance of every registered game, for listing. */
export function allGames(): Array<Game> {
  let games = catalogue;
  if (games == null) {
    games = new Array<Game>();
    for (let i = 0; i < FACTORIES.length; i++) games.push(FACTORIES[i]());
    catalogue = games;
  }
  return games;
}

/**
 * Returns a fresh wrapper for the ROM with this MD5 or file stem, or null
 * when ALE has none. As in ALE, the first wrapper matching either wins.
 */
export function findGame(md5: string, romId: string): Game | null {
  const games = allGames();
  for (let i = 0; i < games.length; i++) {
    const game = games[i];
    if (game.md5 == md5 || game.romId == romId) return FACTORIES[i]();
  }
  return null;
}

// ROMs of ALE's usual ROM set that ALE 0.12.1 has only multi-player
// wrappers for, by MD5.
const MULTI_PLAYER_MD5S: StaticArray<string> = [
  "0ef64cdbecccb7049752a3de0b7ade14",
  "3276c777cbe97cdd2b4a63ffc16b7151",
  "ed2218b3075d15eaa34e3356025ccca3",
  "cbe5a166550a8129a5e6d374901dffad",
];
const MULTI_PLAYER_NAMES: StaticArray<string> = [
  "combat",
  "joust",
  "maze_craze",
  "warlords",
];

/** Returns the name of a multi-player-only game with this MD5, or "". */
export function multiPlayerGame(md5: string): string {
  for (let i = 0; i < MULTI_PLAYER_MD5S.length; i++) {
    if (MULTI_PLAYER_MD5S[i] == md5) return MULTI_PLAYER_NAMES[i];
  }
  return "";
}
