// Game wrappers keyed by ROM MD5, in file-name order. ALE
// also accepts a ROM whose file stem equals a wrapper's id; the caller
// passes that stem as `romId`.

import { Adventure } from "./adventure";
import { AirRaid } from "./air_raid";
import { Alien } from "./alien";
import { Amidar } from "./amidar";
import { Assault } from "./assault";
import { Asterix } from "./asterix";
import { Asteroids } from "./asteroids";
import { Atlantis } from "./atlantis";
import { Atlantis2 } from "./atlantis2";
import { Backgammon } from "./backgammon";
import { BankHeist } from "./bank_heist";
import { BasicMath } from "./basic_math";
import { BattleZone } from "./battle_zone";
import { BeamRider } from "./beam_rider";
import { Berzerk } from "./berzerk";
import { Blackjack } from "./blackjack";
import { Bowling } from "./bowling";
import { Boxing } from "./boxing";
import { Breakout } from "./breakout";
import { Carnival } from "./carnival";
import { Casino } from "./casino";
import { Centipede } from "./centipede";
import { ChopperCommand } from "./chopper_command";
import { CrazyClimber } from "./crazy_climber";
import { Crossbow } from "./crossbow";
import { Darkchambers } from "./darkchambers";
import { Defender } from "./defender";
import { DemonAttack } from "./demon_attack";
import { DonkeyKong } from "./donkey_kong";
import { DoubleDunk } from "./double_dunk";
import { Earthworld } from "./earthworld";
import { ElevatorAction } from "./elevator_action";
import { Enduro } from "./enduro";
import { Entombed } from "./entombed";
import { Et } from "./et";
import { FishingDerby } from "./fishing_derby";
import { FlagCapture } from "./flag_capture";
import { Freeway } from "./freeway";
import { Frogger } from "./frogger";
import { Frostbite } from "./frostbite";
import { Galaxian } from "./galaxian";
import { Game } from "./game";
import { Gopher } from "./gopher";
import { Gravitar } from "./gravitar";
import { Hangman } from "./hangman";
import { HauntedHouse } from "./haunted_house";
import { Hero } from "./hero";
import { HumanCannonball } from "./human_cannonball";
import { IceHockey } from "./ice_hockey";
import { Jamesbond } from "./jamesbond";
import { JourneyEscape } from "./journey_escape";
import { Kaboom } from "./kaboom";
import { Kangaroo } from "./kangaroo";
import { KeystoneKapers } from "./keystone_kapers";
import { KingKong } from "./king_kong";
import { Klax } from "./klax";
import { Koolaid } from "./koolaid";
import { Krull } from "./krull";
import { KungFuMaster } from "./kung_fu_master";
import { LaserGates } from "./laser_gates";
import { LostLuggage } from "./lost_luggage";
import { MarioBros } from "./mario_bros";
import { MiniatureGolf } from "./miniature_golf";
import { MontezumaRevenge } from "./montezuma_revenge";
import { MrDo } from "./mr_do";
import { MsPacman } from "./ms_pacman";
import { NameThisGame } from "./name_this_game";
import { Othello } from "./othello";
import { Pacman } from "./pacman";
import { Phoenix } from "./phoenix";
import { Pitfall } from "./pitfall";
import { Pitfall2 } from "./pitfall2";
import { Pong } from "./pong";
import { Pooyan } from "./pooyan";
import { PrivateEye } from "./private_eye";
import { Qbert } from "./qbert";
import { Riverraid } from "./riverraid";
import { RoadRunner } from "./road_runner";
import { Robotank } from "./robotank";
import { Seaquest } from "./seaquest";
import { SirLancelot } from "./sir_lancelot";
import { Skiing } from "./skiing";
import { Solaris } from "./solaris";
import { SpaceInvaders } from "./space_invaders";
import { SpaceWar } from "./space_war";
import { StarGunner } from "./star_gunner";
import { Superman } from "./superman";
import { Surround } from "./surround";
import { Tennis } from "./tennis";
import { Tetris } from "./tetris";
import { TicTacToe3d } from "./tic_tac_toe_3d";
import { TimePilot } from "./time_pilot";
import { Trondead } from "./trondead";
import { Turmoil } from "./turmoil";
import { Tutankham } from "./tutankham";
import { UpNDown } from "./up_n_down";
import { Venture } from "./venture";
import { VideoCheckers } from "./video_checkers";
import { VideoChess } from "./video_chess";
import { VideoCube } from "./video_cube";
import { VideoPinball } from "./video_pinball";
import { Windfall } from "./windfall";
import { WizardOfWor } from "./wizard_of_wor";
import { WordZapper } from "./word_zapper";
import { YarsRevenge } from "./yars_revenge";
import { Zaxxon } from "./zaxxon";

const FACTORIES: StaticArray<() => Game> = [
  (): Game => new Adventure(),
  (): Game => new AirRaid(),
  (): Game => new Alien(),
  (): Game => new Amidar(),
  (): Game => new Assault(),
  (): Game => new Asterix(),
  (): Game => new Asteroids(),
  (): Game => new Atlantis(),
  (): Game => new Atlantis2(),
  (): Game => new Backgammon(),
  (): Game => new BankHeist(),
  (): Game => new BasicMath(),
  (): Game => new BattleZone(),
  (): Game => new BeamRider(),
  (): Game => new Berzerk(),
  (): Game => new Blackjack(),
  (): Game => new Bowling(),
  (): Game => new Boxing(),
  (): Game => new Breakout(),
  (): Game => new Carnival(),
  (): Game => new Casino(),
  (): Game => new Centipede(),
  (): Game => new ChopperCommand(),
  (): Game => new CrazyClimber(),
  (): Game => new Crossbow(),
  (): Game => new Darkchambers(),
  (): Game => new Defender(),
  (): Game => new DemonAttack(),
  (): Game => new DonkeyKong(),
  (): Game => new DoubleDunk(),
  (): Game => new Earthworld(),
  (): Game => new ElevatorAction(),
  (): Game => new Enduro(),
  (): Game => new Entombed(),
  (): Game => new Et(),
  (): Game => new FishingDerby(),
  (): Game => new FlagCapture(),
  (): Game => new Freeway(),
  (): Game => new Frogger(),
  (): Game => new Frostbite(),
  (): Game => new Galaxian(),
  (): Game => new Gopher(),
  (): Game => new Gravitar(),
  (): Game => new Hangman(),
  (): Game => new HauntedHouse(),
  (): Game => new Hero(),
  (): Game => new HumanCannonball(),
  (): Game => new IceHockey(),
  (): Game => new Jamesbond(),
  (): Game => new JourneyEscape(),
  (): Game => new Kaboom(),
  (): Game => new Kangaroo(),
  (): Game => new KeystoneKapers(),
  (): Game => new KingKong(),
  (): Game => new Klax(),
  (): Game => new Koolaid(),
  (): Game => new Krull(),
  (): Game => new KungFuMaster(),
  (): Game => new LaserGates(),
  (): Game => new LostLuggage(),
  (): Game => new MarioBros(),
  (): Game => new MiniatureGolf(),
  (): Game => new MontezumaRevenge(),
  (): Game => new MrDo(),
  (): Game => new MsPacman(),
  (): Game => new NameThisGame(),
  (): Game => new Othello(),
  (): Game => new Pacman(),
  (): Game => new Phoenix(),
  (): Game => new Pitfall(),
  (): Game => new Pitfall2(),
  (): Game => new Pong(),
  (): Game => new Pooyan(),
  (): Game => new PrivateEye(),
  (): Game => new Qbert(),
  (): Game => new Riverraid(),
  (): Game => new RoadRunner(),
  (): Game => new Robotank(),
  (): Game => new Seaquest(),
  (): Game => new SirLancelot(),
  (): Game => new Skiing(),
  (): Game => new Solaris(),
  (): Game => new SpaceInvaders(),
  (): Game => new SpaceWar(),
  (): Game => new StarGunner(),
  (): Game => new Superman(),
  (): Game => new Surround(),
  (): Game => new Tennis(),
  (): Game => new Tetris(),
  (): Game => new TicTacToe3d(),
  (): Game => new TimePilot(),
  (): Game => new Trondead(),
  (): Game => new Turmoil(),
  (): Game => new Tutankham(),
  (): Game => new UpNDown(),
  (): Game => new Venture(),
  (): Game => new VideoCheckers(),
  (): Game => new VideoChess(),
  (): Game => new VideoCube(),
  (): Game => new VideoPinball(),
  (): Game => new Windfall(),
  (): Game => new WizardOfWor(),
  (): Game => new WordZapper(),
  (): Game => new YarsRevenge(),
  (): Game => new Zaxxon(),
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
