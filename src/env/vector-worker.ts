// Worker thread of ThreadedVectorEnv: builds its shard of copies with the
// factory it is given and steps them on request.
import { parentPort, workerData } from "node:worker_threads";
import { labelTable } from "../atariari/labels.ts";
import type { Env } from "./types.ts";
import { VectorEnv, vectorStepShard, vectorStepViews, type VectorStep } from "./vector.ts";
import type { EnvFactorySpec } from "./vector-threads.ts";

const { factory, start, count } = workerData as { factory: EnvFactorySpec; start: number; count: number };
const port = parentPort!;

interface Message {
  type: string;
  seed?: number;
  actions?: Int32Array;
  buffer?: SharedArrayBuffer;
  numEnvs?: number;
  start?: number;
}

function reply(value: Uint8Array | boolean | object): void {
  port.postMessage({ value });
}

function fail(error: unknown): void {
  port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

async function build(): Promise<VectorEnv> {
  const module = await import(factory.module);
  const create = module[factory.name] as (options: unknown, copy: number) => Promise<Env>;
  if (typeof create !== "function") {
    throw new Error(`${factory.module} has no exported function ${factory.name}`);
  }
  const envs: Env[] = [];
  for (let i = 0; i < count; i++) envs.push(await create(factory.options, start + i));
  const labels = factory.labelGame === undefined ? undefined : labelTable(factory.labelGame);
  return new VectorEnv(envs, labels, { frameSkip: factory.frameSkip });
}

build().then(
  (vec) => {
    reply({
      actionCount: vec.actionCount,
      observationShape: [...vec.observationShape],
      labelNames: [...vec.labelNames],
    });
    // This worker's copies in the buffer shared with the main thread.
    let shard: VectorStep | undefined;
    const observationSize = vec.observationShape.reduce((a, b) => a * b, 1);
    const labelCount = vec.labelNames.length;
    port.on("message", (message: Message) => {
      try {
        if (message.type === "reset") {
          reply(vec.resetSync(message.seed!));
        } else if (message.type === "attach") {
          const all = vectorStepViews(message.buffer!, message.numEnvs!, observationSize, labelCount);
          shard = vectorStepShard(all, message.start!, vec.numEnvs, observationSize, labelCount);
          reply(true);
        } else if (message.type === "step") {
          if (!shard) throw new Error("step before the shared buffer was attached");
          vec.stepInto(message.actions!, shard);
          reply(true);
        } else {
          throw new Error(`unknown message type ${message.type}`);
        }
      } catch (error) {
        fail(error);
      }
    });
  },
  (error) => fail(error),
);
