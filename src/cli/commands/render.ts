// `atariari render` (alias `play`): plays a game with a random agent and
// writes frames as PNG files plus a grid of them with their labels.

import { join } from "node:path";

import { writeFileAtomic } from "../../checkpoint/files.ts";
import { prepareOutputDir, type CommandContext } from "../context.ts";
import { NotAvailableError } from "../errors.ts";
import { gameLabels, gameLabelTable } from "../labels.ts";
import { JsonLinesLog } from "../log.ts";
import { ProgressBar } from "../progress.ts";
import { labelCaptions, type CaptionedFrame } from "../report/frame-grid.ts";
import { encodePng } from "../report/png.ts";
import { writeFrameGrid } from "../report/write.ts";
import { loadGameRom } from "./pipeline.ts";

const SCREEN_WIDTH = 160;
const SCREEN_HEIGHT = 210;

// The emulator's TypeScript face; any object with these methods works.
interface RenderEmulator {
  loadROM(rom: Uint8Array): void;
  act(action: number): number;
  gameOver(): boolean;
  resetGame(): void;
  getMinimalActionSet(): ArrayLike<number>;
  getScreenRGB(out?: Uint8Array): Uint8Array;
  getRAM(): Uint8Array;
}

async function createEmulator(): Promise<RenderEmulator> {
  let module: Record<string, unknown>;
  try {
    module = await import("../../ale/index.ts");
  } catch {
    throw new NotAvailableError("atariari render", "the ALEInterface module (src/ale/index.ts) is not built yet");
  }
  const ale = module.ALEInterface as { create?: () => Promise<RenderEmulator> } | undefined;
  if (typeof ale?.create !== "function") {
    throw new NotAvailableError("atariari render", "src/ale/index.ts exports no ALEInterface.create()");
  }
  return ale.create();
}

export async function renderCommand({ options, io }: CommandContext): Promise<number> {
  const rom = loadGameRom(options.game, options.rom, options.romDir, io.env);
  const dir = prepareOutputDir(options.out, io.cwd);
  const ale = await createEmulator();
  ale.loadROM(rom.bytes);
  const log = new JsonLinesLog(dir);
  log.write("start", { command: "render", game: rom.game, md5: rom.md5, frames: options.frames });

  const table = gameLabelTable(rom.game);
  const actions = Array.from(ale.getMinimalActionSet());
  let state = options.seed >>> 0 || 1;
  const progress = new ProgressBar(io.stderr, "render", options.frames, "frames");
  const grid: CaptionedFrame[] = [];
  const gridEvery = Math.max(1, Math.floor(options.frames / 16));
  for (let frame = 0; frame < options.frames; frame++) {
    state = xorshift(state);
    ale.act(actions[state % actions.length]);
    if (ale.gameOver()) ale.resetGame();
    const pixels = ale.getScreenRGB().slice();
    const image = { width: SCREEN_WIDTH, height: SCREEN_HEIGHT, channels: 3 as const, pixels };
    const name = `frame-${String(frame).padStart(5, "0")}.png`;
    await writeFileAtomic(join(dir, name), encodePng(image));
    if (frame % gridEvery === 0 && grid.length < 16) {
      const labels = { frame, ...gameLabels(table, ale.getRAM()) };
      grid.push({ ...image, captions: labelCaptions(labels, SCREEN_WIDTH) });
    }
    progress.tick();
  }
  progress.finish();
  const gridPath = await writeFrameGrid(dir, grid);
  log.write("end", { command: "render", frames: options.frames, grid: gridPath });
  io.stdout.write(`wrote ${options.frames} frames and ${gridPath}\n`);
  return 0;
}

function xorshift(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}
