// Environments over the project's ALEInterface, which runs every emulator
// in one shared WebAssembly instance unless given its own module.
import { ALEInterface, type CreateOptions } from "../ale/index.ts";
import { atariariKey } from "../atariari/games.ts";
import { labelTable } from "../atariari/labels.ts";
import { aleGameName, checkEnvironmentId, knownRomByMd5 } from "../roms/games.ts";
import { md5Hex } from "../roms/md5.ts";
import { makeAtariEnv, type AtariEnvOptions } from "./make.ts";
import type { Env } from "./types.ts";
import { VectorEnv, type VectorOptions } from "./vector.ts";

export interface AtariEnvSpec extends AtariEnvOptions {
  /** Game in ALE's or the AtariARI code's naming: `pong`, `ms_pacman`, `PongNoFrameskip-v4`, `MsPacman`. */
  game: string;
  /** The game's ROM bytes; their MD5 must be the one ALE expects for the game. */
  rom: Uint8Array;
  /** Source of the emulator module (see `ALEInterface.create`). */
  ale?: CreateOptions;
}

/** Checks that `rom` is the ROM ALE expects for `game`; returns ALE's name of the game. */
export function checkRomForGame(game: string, rom: Uint8Array): string {
  checkEnvironmentId(game);
  const name = aleGameName(game);
  const md5 = md5Hex(rom);
  const known = knownRomByMd5(md5);
  if (known?.name !== name) {
    const actual = known ? `the ROM of ${known.name}` : "not a ROM ALE supports";
    throw new Error(`ROM with MD5 ${md5} is ${actual}; ${name} needs the ROM ALE expects for it`);
  }
  return name;
}

/**
 * Creates one preprocessed environment (the AtariARI code's wrapper chain,
 * see `makeAtariEnv`) over a new ALEInterface.
 */
export async function createAtariEnv(spec: AtariEnvSpec): Promise<Env> {
  if (!(spec.rom instanceof Uint8Array)) {
    throw new Error(
      `missing ROM for ${spec.game}: pass spec.rom, the ROM file's bytes ` +
        "(readFileSync, or resolveRom from atariari-wasm/node, which finds installed ROMs)",
    );
  }
  const name = checkRomForGame(spec.game, spec.rom);
  const ale = await ALEInterface.create(spec.ale);
  return makeAtariEnv(ale, spec.rom, name, spec);
}

/**
 * Factory of `ThreadedVectorEnv` workers: one environment per copy, every
 * copy of a worker in that worker's single WebAssembly instance.
 */
export async function createAtariEnvForCopy(spec: AtariEnvSpec, _copy: number): Promise<Env> {
  // The worker's vector env reads labels from RAM itself.
  return createAtariEnv({ ...spec, labels: false });
}

/**
 * N preprocessed copies of a game stepped together, all emulators in one
 * WebAssembly instance. Labels are reported for games with AtariARI
 * annotations unless `spec.labels` is false.
 */
export async function createAtariVectorEnv(
  spec: AtariEnvSpec,
  numEnvs: number,
  options: VectorOptions = {},
): Promise<VectorEnv> {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) {
    throw new Error(`invalid numEnvs ${numEnvs}: expected an integer >= 1`);
  }
  const envs: Env[] = [];
  // The vector env reads labels from RAM itself, so the copies skip the wrapper.
  for (let i = 0; i < numEnvs; i++) envs.push(await createAtariEnv({ ...spec, labels: false }));
  const labels = (spec.labels ?? true) && atariariKey(spec.game) !== undefined;
  const frameSkip = spec.frameSkip ?? 4;
  return new VectorEnv(envs, labels ? labelTable(spec.game) : undefined, { frameSkip, copy: options.copy });
}
