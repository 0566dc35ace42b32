// The emulator on the page's canvas: a random agent plays the chosen game
// while no run is going, and runs draw their own emulator's frames.

import { ALEInterface, AtariCore } from "../index.ts";

/** Frames the preview emulates per animation frame (the console runs at 60 per second). */
const FRAMES_PER_TICK = 1;

/** Copies an emulator's RGB screen onto a canvas sized to it. */
export function drawScreen(canvas: HTMLCanvasElement, ale: ALEInterface): void {
  const { width, height } = ale.getScreenDims();
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const rgb = ale.getScreenRGB();
  const image = new ImageData(width, height);
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    image.data[q] = rgb[p];
    image.data[q + 1] = rgb[p + 1];
    image.data[q + 2] = rgb[p + 2];
    image.data[q + 3] = 255;
  }
  canvas.getContext("2d")!.putImageData(image, 0, 0);
}

/** A random agent playing one ROM on the canvas, one emulated frame per display frame. */
export class EmulatorPreview {
  private ale: ALEInterface | null = null;
  private actions: number[] = [];
  private action = 0;
  private running = false;
  private handle = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly core: AtariCore,
    private readonly onFrame: (frameNumber: number) => void,
  ) {}

  /** Loads `rom` and starts playing it; throws the emulator's error for a ROM it cannot load. */
  async load(rom: Uint8Array): Promise<void> {
    this.stop();
    this.ale?.dispose();
    this.ale = null;
    const ale = await ALEInterface.create({ core: this.core });
    ale.setInt("random_seed", 0);
    try {
      ale.loadROM(rom);
    } catch (error) {
      ale.dispose();
      throw error;
    }
    this.ale = ale;
    this.actions = ale.getMinimalActionSet();
    drawScreen(this.canvas, ale);
    this.start();
  }

  start(): void {
    if (this.running || !this.ale) return;
    this.running = true;
    this.handle = requestAnimationFrame(() => this.tick());
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.handle);
  }

  private tick(): void {
    const ale = this.ale;
    if (!this.running || !ale) return;
    for (let i = 0; i < FRAMES_PER_TICK; i++) {
      // A new random action about every quarter second, as a person might press.
      if (ale.getFrameNumber() % 15 === 0) this.action = this.actions[Math.floor(Math.random() * this.actions.length)];
      ale.act(this.action);
      if (ale.gameOver()) ale.resetGame();
    }
    drawScreen(this.canvas, ale);
    this.onFrame(ale.getFrameNumber());
    this.handle = requestAnimationFrame(() => this.tick());
  }
}
