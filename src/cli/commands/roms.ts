// `atariari roms`: the ROM folders searched and the games found in them.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { knownRomByMd5 } from "../../roms/games.ts";
import { BUILTIN_ROMS } from "../../roms/known-roms.ts";
import { md5Hex } from "../../roms/md5.ts";
import { BUILTIN_ROM_DIR, ROMS_DIR_VARIABLE, romSearchFolders } from "../../roms/resolve.ts";
import type { CommandContext } from "../context.ts";
import { CliError } from "../errors.ts";

/** One ROM file found on disk. */
export interface RomListing {
  path: string;
  md5: string;
  bytes: number;
  /** ALE game name, or null when the MD5 is not one ALE supports. */
  game: string | null;
}

/** Lists the built-in cartridges and every .bin/.a26 file in the search folders. */
export function listRoms(folders: string[]): RomListing[] {
  const found = BUILTIN_ROMS.map((rom) => describe(join(BUILTIN_ROM_DIR, `${rom.name}.bin`)));
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!/\.(bin|a26)$/i.test(name)) continue;
      const path = join(folder, name);
      if (statSync(path).isFile()) found.push(describe(path));
    }
  }
  return found;
}

function describe(path: string): RomListing {
  const bytes = new Uint8Array(readFileSync(path));
  const md5 = md5Hex(bytes);
  return { path, md5, bytes: bytes.length, game: knownRomByMd5(md5)?.name ?? null };
}

export async function romsCommand({ options, io }: CommandContext): Promise<number> {
  let folders: string[];
  try {
    folders = romSearchFolders({ romDir: options.romDir ?? undefined, env: io.env });
  } catch (error) {
    throw new CliError((error as Error).message, 1);
  }
  io.stdout.write(`Folders searched: ${folders.length > 0 ? folders.join(", ") : "none"}\n`);
  if (folders.length === 0) {
    io.stdout.write(`Pass --rom-dir DIR or set ${ROMS_DIR_VARIABLE} to add one.\n`);
  }
  const roms = listRoms(folders);
  const width = Math.max(...roms.map((rom) => (rom.game ?? "unknown").length));
  for (const rom of roms) {
    const game = (rom.game ?? "unknown").padEnd(width);
    io.stdout.write(`${game}  ${rom.md5}  ${String(rom.bytes).padStart(6)}  ${rom.path}\n`);
  }
  const unknown = roms.filter((rom) => rom.game === null).length;
  if (unknown > 0) {
    io.stdout.write(`${unknown} file(s) match no ROM that ALE 0.12.1 supports.\n`);
  }
  return 0;
}
