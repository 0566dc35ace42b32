// Loading build/atari.wasm in Node and in browsers, and the raw exports of
// assembly/index.ts with their types.

/** Raw exports of the emulator module (see assembly/index.ts). */
export interface AtariExports {
  memory: WebAssembly.Memory;
  aleCreate(): number;
  aleDestroy(id: number): void;
  aleSetSetting(id: number, setting: number, value: number): void;
  aleGetSetting(id: number, setting: number): number;
  aleInputBuffer(id: number, size: number): number;
  aleMessage(id: number): number;
  aleLoadRom(id: number, size: number): number;
  aleResetGame(id: number): void;
  aleAct(id: number, action: number, paddleStrength: number): number;
  aleGameOver(id: number, withTruncation: number): number;
  aleGameTruncated(id: number): number;
  aleLives(id: number): number;
  aleFrameNumber(id: number): number;
  aleEpisodeFrameNumber(id: number): number;
  aleMinimalActionCount(id: number): number;
  aleMinimalAction(id: number, index: number): number;
  aleIsLegalAction(id: number, action: number): number;
  aleModeCount(id: number): number;
  aleMode(id: number, index: number): number;
  aleDifficultyCount(id: number): number;
  aleDifficulty(id: number, index: number): number;
  aleSetMode(id: number, mode: number): number;
  aleCurrentMode(id: number): number;
  aleSetDifficulty(id: number, difficulty: number): number;
  aleCurrentDifficulty(id: number): number;
  aleScreenWidth(id: number): number;
  aleScreenHeight(id: number): number;
  aleScreen(id: number): number;
  aleScreenRgb(id: number): number;
  aleScreenGrayscale(id: number): number;
  aleRam(id: number): number;
  aleSetRam(id: number, index: number, value: number): void;
  aleCloneState(id: number): number;
  aleOutputBuffer(id: number): number;
  aleRestoreState(id: number, size: number): number;
  aleRomMd5(id: number): number;
  aleRomId(id: number): number;
  aleGameCount(): number;
  aleGameName(index: number): number;
  aleGameMd5(index: number): number;
  aleIsPal(id: number): number;
  aleBatchBuffer(count: number): number;
  aleActBatch(count: number): void;
  __collect(): void;
}

/** Sources of the emulator module for `ALEInterface.create` and `AtariCore.load`. */
export type WasmSource =
  | WebAssembly.Module
  | BufferSource
  | URL
  | string
  | Response
  | Promise<Response>;

/** One instantiated emulator module; many ALEInterface objects can share it. */
export class AtariCore {
  private static shared: Promise<AtariCore> | null = null;

  private allocations = 0;

  private constructor(readonly exports: AtariExports) {}

  /**
   * Instantiates the module from `source`, or with no source from
   * build/atari.wasm (read from disk in Node, fetched in browsers). Calls
   * without a source share one instance.
   */
  static load(source?: WasmSource): Promise<AtariCore> {
    if (source !== undefined) return AtariCore.instantiate(source);
    AtariCore.shared ??= AtariCore.instantiate(undefined).catch((error) => {
      AtariCore.shared = null;
      throw error;
    });
    return AtariCore.shared;
  }

  private static async instantiate(source: WasmSource | undefined): Promise<AtariCore> {
    const module = await compileModule(source);
    let core: AtariCore | null = null;
    const imports = buildImports(module, () => core);
    const instance = await WebAssembly.instantiate(module, imports);
    core = new AtariCore(instance.exports as unknown as AtariExports);
    return core;
  }

  /**
   * Runs the module's garbage collector. The module uses AssemblyScript's
   * minimal runtime, which never collects on its own, so hot code keeps no
   * shadow stack. The host collects while no WebAssembly call is active.
   */
  collectGarbage(): void {
    this.allocations = 0;
    this.exports.__collect();
  }

  /** Counts a call that allocated, collecting after every 64 of them. */
  noteAllocation(): void {
    if (++this.allocations >= COLLECT_EVERY) this.collectGarbage();
  }

  /** Returns `length` bytes of module memory at `pointer` (a view, not a copy). */
  bytes(pointer: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, pointer, length);
  }

  /** Decodes an AssemblyScript string at `pointer`. */
  string(pointer: number): string {
    if (pointer === 0) return "";
    const buffer = this.exports.memory.buffer;
    const byteLength = new Uint32Array(buffer, pointer - 4, 1)[0];
    const units = new Uint16Array(buffer, pointer, byteLength >>> 1);
    let text = "";
    for (let i = 0; i < units.length; i += 4096) {
      text += String.fromCharCode(...units.subarray(i, i + 4096));
    }
    return text;
  }
}

const DEFAULT_WASM_PATH = "build/atari.wasm";
const COLLECT_EVERY = 64;

function isNode(): boolean {
  return typeof process !== "undefined" && !!process.versions?.node;
}

async function compileModule(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source === undefined) return compileDefault();
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return WebAssembly.compile(source);
  }
  if (typeof source === "string" || source instanceof URL) {
    if (isNode() && !/^(https?|data|blob):/.test(String(source))) {
      return compileFile(source);
    }
    return compileResponse(fetch(source));
  }
  return compileResponse(source);
}

async function compileResponse(response: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const resolved = await response;
  if (!resolved.ok) {
    throw new Error(
      `failed to fetch the emulator module from ${resolved.url}: HTTP ` +
        `${resolved.status}; pass ALEInterface.create({ wasm }) the bytes or URL of atari.wasm`,
    );
  }
  return WebAssembly.compile(await resolved.arrayBuffer());
}

async function compileFile(path: string | URL): Promise<WebAssembly.Module> {
  const { readFile } = await import("node:fs/promises");
  try {
    return WebAssembly.compile(await readFile(path));
  } catch (error) {
    throw new Error(
      `failed to read the emulator module ${String(path)}: ${(error as Error).message}; ` +
        "run `npm run build` first",
    );
  }
}

// Node: build/atari.wasm under the package root, found from this file
// (src/ale/ when run from source, dist/src/ale/ when compiled). Browsers:
// atari.wasm next to the module (the dist/web bundle), else build/atari.wasm
// of a checkout served as it is.
async function compileDefault(): Promise<WebAssembly.Module> {
  if (!isNode()) {
    const besideBundle = await fetch(new URL("./atari.wasm", import.meta.url));
    if (besideBundle.ok) return compileResponse(besideBundle);
    return compileResponse(fetch(new URL(`../../${DEFAULT_WASM_PATH}`, import.meta.url)));
  }
  const { existsSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  const candidates = [
    new URL(`../../${DEFAULT_WASM_PATH}`, import.meta.url),
    new URL(`../../../${DEFAULT_WASM_PATH}`, import.meta.url),
  ];
  for (const candidate of candidates) {
    if (existsSync(fileURLToPath(candidate))) return compileFile(candidate);
  }
  throw new Error(
    `emulator module not found at ${fileURLToPath(candidates[0])}: run \`npm run build\``,
  );
}

function buildImports(
  module: WebAssembly.Module,
  core: () => AtariCore | null,
): WebAssembly.Imports {
  const env: Record<string, WebAssembly.ImportValue> = {
    abort(message: number, file: number, line: number, column: number): never {
      const loaded = core();
      const text = loaded ? loaded.string(message) : "";
      const where = loaded ? loaded.string(file) : "";
      throw new Error(`emulator aborted: ${text} (${where}:${line}:${column})`);
    },
    seed(): number {
      return Date.now();
    },
    trace(message: number): void {
      const loaded = core();
      console.log(loaded ? loaded.string(message) : "");
    },
  };
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.module !== "env" || entry.name in env) continue;
    throw new Error(`emulator module needs an unknown import env.${entry.name}`);
  }
  return { env };
}
