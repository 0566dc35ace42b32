// Environment factory for worker-thread tests: a fake game whose screens
// depend on the copy, wrapped like the real chain.
import { isMainThread } from "node:worker_threads";
import { AleEnv } from "../../src/env/ale-env.ts";
import type { Env } from "../../src/env/types.ts";
import { ChannelsFirst } from "../../src/env/wrappers/channels-first.ts";
import { Grayscale } from "../../src/env/wrappers/grayscale.ts";
import { MaxAndSkip } from "../../src/env/wrappers/max-and-skip.ts";
import { NoopReset } from "../../src/env/wrappers/noop-reset.ts";
import { FakeEmulator } from "./fake-emulator.ts";

export interface FakeFactoryOptions {
  gameOverAt: number;
  /** This copy ends its worker thread with exit code 7 at its first frame with an action other than NOOP. */
  exitCopy?: number;
  /** This copy's emulator throws at every frame with action index 5 (ALE action 12). */
  throwCopy?: number;
  /** Copies from this one busy-wait `slowMs` milliseconds at each frame with an action other than NOOP. */
  slowFrom?: number;
  slowMs?: number;
  /** Copies from this one on draw 2 rows instead of 1. */
  tallFrom?: number;
}

export async function createFakeEnv(options: FakeFactoryOptions, copy: number): Promise<Env> {
  const exits = copy === options.exitCopy;
  if (exits && isMainThread) throw new Error(`exitCopy ${copy} is stepped by the main thread: pick a worker's copy`);
  const ale = new FakeEmulator({
    height: options.tallFrom !== undefined && copy >= options.tallFrom ? 2 : 1,
    gameOverAt: options.gameOverAt + 3 * copy,
    screenOffset: 5 * copy,
    reward: (frame, action) => {
      if (exits && action !== 0) process.exit(7);
      if (options.slowFrom !== undefined && copy >= options.slowFrom && action !== 0) {
        const until = performance.now() + (options.slowMs ?? 1);
        while (performance.now() < until);
      }
      if (copy === options.throwCopy && action === 12) throw new Error(`copy ${copy} failed at frame ${frame}`);
      return frame % 7 === 0 ? action : 0;
    },
  });
  const env = new MaxAndSkip(new NoopReset(new AleEnv(ale, new Uint8Array(2048)), 30), 4);
  return new ChannelsFirst(new Grayscale(env));
}
