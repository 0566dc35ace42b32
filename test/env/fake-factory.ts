// Environment factory for worker-thread tests: a fake game whose screens
// depend on the copy, wrapped like the real chain.
import { AleEnv } from "../../src/env/ale-env.ts";
import type { Env } from "../../src/env/types.ts";
import { ChannelsFirst } from "../../src/env/wrappers/channels-first.ts";
import { Grayscale } from "../../src/env/wrappers/grayscale.ts";
import { MaxAndSkip } from "../../src/env/wrappers/max-and-skip.ts";
import { NoopReset } from "../../src/env/wrappers/noop-reset.ts";
import { FakeEmulator } from "./fake-emulator.ts";

export async function createFakeEnv(options: { gameOverAt: number }, copy: number): Promise<Env> {
  const ale = new FakeEmulator({
    height: 1,
    gameOverAt: options.gameOverAt + 3 * copy,
    screenOffset: 5 * copy,
    reward: (frame, action) => (frame % 7 === 0 ? action : 0),
  });
  const env = new MaxAndSkip(new NoopReset(new AleEnv(ale, new Uint8Array(2048)), 30), 4);
  return new ChannelsFirst(new Grayscale(env));
}
