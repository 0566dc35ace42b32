import { BUILTIN_ROMS, KNOWN_ROMS, type KnownRom } from "./known-roms.ts";

const ALL_ROMS = [...KNOWN_ROMS, ...BUILTIN_ROMS];
const byKey = new Map<string, KnownRom>(ALL_ROMS.map((rom) => [compactName(rom.name), rom]));
const byMd5 = new Map<string, KnownRom>(ALL_ROMS.map((rom) => [rom.md5, rom]));

/** Lower-case letters and digits only: `MsPacman`, `ms_pacman` and `mspacman` all become `mspacman`. */
function compactName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * ALE's ROM name (`ms_pacman`) for a game named as in ALE, gym or the
 * AtariARI code: `ms_pacman`, `MsPacman`, `mspacman`, `MsPacmanNoFrameskip-v4`,
 * `ALE/MsPacman-v5`, `MsPacmanDeterministic-v4`. Throws for unknown names.
 */
export function aleGameName(name: string): string {
  return knownRomForGame(name).name;
}

/**
 * Throws unless `name` requests the reference's environment settings: a
 * bare game name (`pong`, `MsPacman`) or `{Game}NoFrameskip-v4`. Other gym
 * ids (`Pong-v4`, `PongDeterministic-v4`, `ALE/Pong-v5`, `-v0` ids) mean
 * other frame skips or sticky actions, which the environments here do not
 * emulate.
 */
export function checkEnvironmentId(name: string): void {
  const gymId = /-v\d+$/.test(name) || name.startsWith("ALE/");
  if (!gymId || /^[A-Za-z0-9]+NoFrameskip-v4$/.test(name)) return;
  const base = aleGameName(name);
  throw new Error(
    `environment id ${JSON.stringify(name)} requests other frame-skip or sticky-action settings than ` +
      `the reference's {Game}NoFrameskip-v4, which is what these environments follow; pass ${base} or ` +
      `${gymGameName(base)}NoFrameskip-v4`,
  );
}

/** Returns the supported ROM of a game named in any of the forms `aleGameName` accepts. */
export function knownRomForGame(name: string): KnownRom {
  const base = name
    .replace(/^ALE\//, "")
    .replace(/-v\d+$/, "")
    .replace(/(NoFrameskip|Deterministic)$/, "");
  const rom = byKey.get(compactName(base));
  if (!rom) {
    throw new Error(
      `unknown game ${JSON.stringify(name)}: expected one of ALE's ROM names such as ` +
        `pong or ms_pacman, a gym id such as PongNoFrameskip-v4, or a built-in cartridge ` +
        `(${BUILTIN_ROMS.map((builtin) => builtin.name).join(", ")})`,
    );
  }
  return rom;
}

/** Returns whether a supported ROM is one of the project's built-in cartridges. */
export function isBuiltinRom(rom: KnownRom): boolean {
  return BUILTIN_ROMS.includes(rom);
}

/** Returns the supported ROM (ALE's or a built-in cartridge) with this MD5, if any. */
export function knownRomByMd5(md5: string): KnownRom | undefined {
  return byMd5.get(md5.toLowerCase());
}

/** Gym's CamelCase name of an ALE ROM name: `ms_pacman` -> `MsPacman`. */
export function gymGameName(aleName: string): string {
  return aleName
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
