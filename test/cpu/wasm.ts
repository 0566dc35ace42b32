// Loads the emulator module for the chip-level tests. ATARI_WASM overrides
// the default build/atari.wasm (for a module built from another entry).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedRoot = resolve(repoRoot, "../shared");

// The harness exports are plain numbers, so the module needs no bindings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Exports = Record<string, any> & { memory: WebAssembly.Memory };

let cached: Exports | null = null;

/** Decodes an AssemblyScript string returned by an export. */
export function wasmString(w: Exports, pointer: number): string {
  if (pointer === 0) return "";
  const length = new Uint32Array(w.memory.buffer, pointer - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(w.memory.buffer, pointer, length));
}

/** Instantiates the module once per test file and returns its exports. */
export function loadWasm(): Exports {
  if (cached) return cached;
  const path = process.env.ATARI_WASM ?? resolve(repoRoot, "build/atari.wasm");
  const module = new WebAssembly.Module(readFileSync(path));
  let memory: WebAssembly.Memory | null = null;
  const readString = (pointer: number): string => {
    if (!memory || pointer === 0) return "";
    const length = new Uint32Array(memory.buffer, pointer - 4, 1)[0] >>> 1;
    return String.fromCharCode(...new Uint16Array(memory.buffer, pointer, length));
  };
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(message: number, file: number, line: number, column: number) {
        throw new Error(`wasm abort: ${readString(message)} at ${readString(file)}:${line}:${column}`);
      },
      trace() {},
      seed: () => 1,
    },
  });
  cached = instance.exports as unknown as Exports;
  memory = cached.memory;
  return cached;
}
