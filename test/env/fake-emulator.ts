import type { Emulator } from "../../src/env/types.ts";

export interface FakeScript {
  minimalActions?: number[];
  /** Screen rows (the width is always 160). */
  height?: number;
  /** Reward of the act() that emulates episode frame `frame` (1-based) with ALE action `action`. */
  reward?: (frame: number, action: number) => number;
  /** Lives after episode frame `frame` (0 = after reset). */
  lives?: (frame: number) => number;
  /** The game is over once this many frames of the episode have run. */
  gameOverAt?: number;
  /** Added to every screen byte, so that copies can draw different screens. */
  screenOffset?: number;
  /** RAM after episode frame `frame`; by default byte i is `(frame + i) % 256`. */
  ram?: (frame: number) => Uint8Array;
}

/**
 * A scripted stand-in for ALEInterface. Every pixel channel of the screen
 * after episode frame f is `(f * 10 + channel) % 256`, so a test can tell
 * frames apart (plus `screenOffset`); RAM byte i is `(f + i) % 256` unless
 * the script gives `ram`.
 */
export class FakeEmulator implements Emulator {
  readonly log: string[] = [];
  episodeFrame = 0;
  frameNumber = 0;
  settings = new Map<string, number>();
  private readonly height: number;

  constructor(readonly script: FakeScript = {}) {
    this.height = script.height ?? 2;
  }

  loadROM(): void {
    this.log.push("load");
    this.episodeFrame = 0;
    this.frameNumber = 0;
  }

  resetGame(): void {
    this.log.push("reset");
    this.episodeFrame = 0;
  }

  act(action: number): number {
    if (this.gameOver()) return 0;
    this.log.push(`act ${action}`);
    this.episodeFrame++;
    this.frameNumber++;
    return this.script.reward?.(this.episodeFrame, action) ?? 0;
  }

  gameOver(): boolean {
    return this.script.gameOverAt !== undefined && this.episodeFrame >= this.script.gameOverAt;
  }

  lives(): number {
    return this.script.lives?.(this.episodeFrame) ?? 0;
  }

  getMinimalActionSet(): number[] {
    return this.script.minimalActions ?? [0, 1, 3, 4, 11, 12];
  }

  getScreenRGB(out = new Uint8Array(this.height * 160 * 3)): Uint8Array {
    const offset = this.script.screenOffset ?? 0;
    for (let i = 0; i < out.length; i++) out[i] = (this.episodeFrame * 10 + (i % 3) + offset) % 256;
    return out;
  }

  getRAM(): Uint8Array {
    if (this.script.ram) return this.script.ram(this.episodeFrame);
    return Uint8Array.from({ length: 128 }, (_, i) => (this.episodeFrame + i) % 256);
  }

  getFrameNumber(): number {
    return this.frameNumber;
  }

  setInt(key: string, value: number): void {
    this.settings.set(key, value);
  }

  setFloat(key: string, value: number): void {
    this.settings.set(key, value);
  }

  /** Returns and clears the log entries since the last call, so a test can check one phase at a time. */
  takeLog(): string[] {
    return this.log.splice(0);
  }
}
