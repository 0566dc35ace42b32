// Node conveniences: environments whose ROM is found on disk, and vector
// environments spread over threads.
import { atariariKey } from "../atariari/games.ts";
import { resolveRom, type RomRequest, type ResolvedRom } from "../roms/resolve.ts";
import { createAtariVectorEnv, type AtariEnvSpec } from "./atari.ts";
import { ThreadedVectorEnv } from "./vector-threads.ts";
import type { VectorEnvironment, VectorOptions } from "./vector.ts";

export { checkRomFile, resolveRom, type ResolvedRom, type RomRequest } from "../roms/resolve.ts";

export interface OpenVectorOptions extends Omit<AtariEnvSpec, "rom">, Omit<RomRequest, "game">, VectorOptions {
  numEnvs?: number;
  /**
   * Threads that step copies, the calling thread included: N starts N - 1
   * workers. 1 (the default) steps every copy on the calling thread.
   */
  threads?: number;
}

/**
 * Finds the game's ROM (`rom`, `romDir`, `ALE_ROMS_DIR`, ale-py) and creates
 * `numEnvs` preprocessed copies, on the calling thread or spread over
 * `threads` threads: the calling thread and `threads - 1` workers, each
 * keeping its copies in one WebAssembly instance. Returns the vector env
 * and the ROM it uses.
 */
export async function openAtariVectorEnv(
  options: OpenVectorOptions,
): Promise<{ vec: VectorEnvironment; rom: ResolvedRom }> {
  const rom = resolveRom({ ...options, game: options.game });
  // Only the environment options travel to workers; the ROM request stays here.
  const { romDir: _dir, env: _env, searchAlePy: _alePy, numEnvs: _n, threads: _t, copy, ...envOptions } = options;
  const spec: AtariEnvSpec = { ...envOptions, rom: rom.bytes };
  const numEnvs = options.numEnvs ?? 1;
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`invalid threads ${threads}: expected an integer >= 1 (1 steps every copy on the calling thread)`);
  }
  if (threads === 1) return { vec: await createAtariVectorEnv(spec, numEnvs, { copy }), rom };
  const labelled = (options.labels ?? true) && atariariKey(options.game) !== undefined;
  const vec = await ThreadedVectorEnv.create(
    {
      module: new URL(`./atari${extension()}`, import.meta.url).href,
      name: "createAtariEnvForCopy",
      options: spec,
      labelGame: labelled ? options.game : undefined,
      frameSkip: options.frameSkip ?? 4,
    },
    numEnvs,
    threads,
    { copy },
  );
  return { vec, rom };
}

/** `.ts` when running from sources, `.js` from a build. */
function extension(): string {
  return import.meta.url.endsWith(".ts") ? ".ts" : ".js";
}
