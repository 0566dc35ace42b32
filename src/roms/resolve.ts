// Finding a game's ROM file on disk (Node only).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isBuiltinRom, knownRomByMd5, knownRomForGame } from "./games.ts";
import type { KnownRom } from "./known-roms.ts";
import { md5Hex } from "./md5.ts";

/**
 * Folder of the built-in cartridges' ROM files. The path is relative to this
 * file, which sits two folders below the package root both in the sources
 * (src/roms/) and in the bundles (dist/src/).
 */
export const BUILTIN_ROM_DIR = fileURLToPath(new URL("../../cart/", import.meta.url));

/** Environment variable with ROM folders, separated like PATH. */
export const ROMS_DIR_VARIABLE = "ALE_ROMS_DIR";

/** ale-py's own variable for a ROM folder, also searched. */
export const ALE_PY_ROMS_VARIABLE = "ALE_PY_ROM_DIR";

export interface RomRequest {
  /** Game in any form `aleGameName` accepts; may be left out when `rom` is given. */
  game?: string;
  /** A ROM file (`--rom PATH`); its MD5 must be that of the game. */
  rom?: string;
  /** A folder to search first (`--rom-dir DIR`). */
  romDir?: string;
  /** Environment to read `ALE_ROMS_DIR` and `ALE_PY_ROM_DIR` from; `process.env` by default. */
  env?: Record<string, string | undefined>;
  /** Also look for ROMs installed with Python's ale-py (default true). */
  searchAlePy?: boolean;
}

export interface ResolvedRom {
  path: string;
  bytes: Uint8Array;
  md5: string;
  /** The supported ROM this file is. */
  known: KnownRom;
}

/**
 * Finds and reads the ROM of a game. With `rom` the file is checked: its
 * MD5 must be one ALE supports and, when `game` is given, that game's.
 * Otherwise the folders are searched in order: `romDir`, each folder in
 * `ALE_ROMS_DIR`, `ALE_PY_ROM_DIR`, then the `roms` folders of ale-py
 * installations. In each folder `<name>.bin` is tried first, then any
 * `.bin` or `.a26` file whose MD5 is the game's. A built-in cartridge is
 * found in the package's cart/ folder when no searched folder has it.
 */
export function resolveRom(request: RomRequest): ResolvedRom {
  const wanted = request.game === undefined ? undefined : knownRomForGame(request.game);
  if (request.rom !== undefined) return checkRomFile(request.rom, wanted);
  if (wanted === undefined) {
    throw new Error("missing game: name a game (for example pong) or pass a ROM file with --rom PATH");
  }
  const folders = romSearchFolders(request);
  for (const folder of folders) {
    const found = findInFolder(folder, wanted);
    if (found) return found;
  }
  if (isBuiltinRom(wanted)) {
    const found = findInFolder(BUILTIN_ROM_DIR, wanted);
    if (found) return found;
  }
  throw new Error(
    `ROM for ${wanted.name} not found (expected ${wanted.name}.bin with MD5 ${wanted.md5}). ` +
      `Searched: ${folders.length ? folders.join(", ") : "no folders"}. ` +
      `Pass --rom PATH or --rom-dir DIR, set ${ROMS_DIR_VARIABLE}, or install ROMs with ale-py.`,
  );
}

/** Reads a ROM file and checks its MD5 against the known table (and `wanted`, when given). */
export function checkRomFile(path: string, wanted?: KnownRom): ResolvedRom {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new Error(`ROM file not found: ${path}`);
  }
  const bytes = new Uint8Array(readFileSync(path));
  const md5 = md5Hex(bytes);
  const known = knownRomByMd5(md5);
  if (wanted !== undefined && md5 !== wanted.md5) {
    const actual = known ? `the ROM of ${known.name}` : "not a ROM ALE supports";
    const fix = known ? `pass --game ${known.name} to use this file, or a ${wanted.name} ROM with that MD5` : `pass a ${wanted.name} ROM with that MD5`;
    throw new Error(`ROM file ${path} has MD5 ${md5} (${actual}), but ${wanted.name} needs MD5 ${wanted.md5}; ${fix}`);
  }
  if (known === undefined) {
    throw new Error(
      `ROM file ${path} has MD5 ${md5}, which matches none of the ROMs ALE 0.12.1 supports; ` +
        `use a ROM from ale-py's set`,
    );
  }
  return { path, bytes, md5, known };
}

/** Lists the folders `resolveRom` searches, in order, without duplicates. */
export function romSearchFolders(request: RomRequest = {}): string[] {
  const env = request.env ?? process.env;
  const folders: string[] = [];
  if (request.romDir !== undefined) {
    if (!existsSync(request.romDir)) throw new Error(`ROM folder not found: ${request.romDir}`);
    folders.push(request.romDir);
  }
  for (const name of [ROMS_DIR_VARIABLE, ALE_PY_ROMS_VARIABLE]) {
    for (const folder of (env[name] ?? "").split(delimiter)) {
      if (folder) folders.push(folder);
    }
  }
  if (request.searchAlePy ?? true) folders.push(...alePyRomFolders(env));
  return [...new Set(folders)].filter((folder) => existsSync(folder));
}

function findInFolder(folder: string, wanted: KnownRom): ResolvedRom | undefined {
  const direct = join(folder, `${wanted.name}.bin`);
  if (existsSync(direct)) {
    const bytes = new Uint8Array(readFileSync(direct));
    const md5 = md5Hex(bytes);
    if (md5 === wanted.md5) return { path: direct, bytes, md5, known: wanted };
  }
  for (const name of readdirSync(folder)) {
    if (!/\.(bin|a26)$/i.test(name)) continue;
    const path = join(folder, name);
    if (!statSync(path).isFile() || statSync(path).size !== wanted.bytes) continue;
    const bytes = new Uint8Array(readFileSync(path));
    const md5 = md5Hex(bytes);
    if (md5 === wanted.md5) return { path, bytes, md5, known: wanted };
  }
  return undefined;
}

let pythonSiteCache: string[] | undefined;

/**
 * Lists the `roms` folders of ale-py (and of the older AutoROM package) in the
 * usual Python package locations, plus the one the first Python on PATH
 * reports.
 */
export function alePyRomFolders(env: Record<string, string | undefined> = process.env): string[] {
  const sitePackages = new Set<string>();
  const prefixes = [env.VIRTUAL_ENV, env.CONDA_PREFIX, "/usr", "/usr/local", join(homedir(), ".local")];
  for (const prefix of prefixes) {
    if (!prefix) continue;
    const lib = join(prefix, "lib");
    if (!existsSync(lib)) continue;
    for (const python of readdirSync(lib).filter((name) => name.startsWith("python"))) {
      sitePackages.add(join(lib, python, "site-packages"));
      sitePackages.add(join(lib, python, "dist-packages"));
    }
  }
  pythonSiteCache ??= pythonSitePackages();
  for (const folder of pythonSiteCache) sitePackages.add(folder);
  const folders: string[] = [];
  for (const site of sitePackages) {
    for (const sub of ["ale_py/roms", "AutoROM/roms"]) {
      const folder = join(site, sub);
      if (existsSync(folder)) folders.push(folder);
    }
  }
  return folders;
}

/** site-packages folders of `python3` on PATH; empty if there is none. */
function pythonSitePackages(): string[] {
  try {
    const output = execFileSync(
      "python3",
      ["-c", "import site, sys; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))"],
      { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] },
    );
    return output.split("\n").filter(Boolean);
  } catch {
    return [];
  }
}
