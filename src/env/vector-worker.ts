// Worker thread of ThreadedVectorEnv: builds its shard of copies with the
// factory it is given and steps them on request.
import { parentPort, workerData } from "node:worker_threads";
import { VectorEnv, vectorStepShard, vectorStepViews, type VectorStep } from "./vector.ts";
import {
  BackoffPoll,
  COMMAND,
  CONTROL,
  controlSeed,
  createShardEnv,
  POLL_SHARE,
  STATUS,
  type EnvFactorySpec,
} from "./vector-threads.ts";

const { factory, start, count } = workerData as { factory: EnvFactorySpec; start: number; count: number };
const port = parentPort!;

interface Message {
  type: string;
  buffer?: SharedArrayBuffer;
  control?: Int32Array;
  numEnvs?: number;
  start?: number;
}

function reply(value: Uint8Array | boolean | object): void {
  port.postMessage({ value });
}

function fail(error: unknown): void {
  port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

createShardEnv(factory, start, count).then(
  (vec) => {
    reply({
      actionCount: vec.actionCount,
      observationShape: [...vec.observationShape],
      labelNames: [...vec.labelNames],
    });
    port.once("message", (message: Message) => {
      try {
        if (message.type !== "attach") throw new Error(`invalid message type ${message.type}: expected attach`);
        const observationSize = vec.observationShape.reduce((a, b) => a * b, 1);
        const labelCount = vec.labelNames.length;
        const all = vectorStepViews(message.buffer!, message.numEnvs!, observationSize, labelCount);
        const shard = vectorStepShard(all, message.start!, vec.numEnvs, observationSize, labelCount);
        reply(true);
        serve(vec, message.control!, shard);
      } catch (error) {
        fail(error);
      }
    });
  },
  (error) => fail(error),
);

/**
 * Runs the commands of the control block (see `WorkerChannel`) until the
 * close command. After a step the thread polls for the next command (see
 * `BackoffPoll`), then blocks in `Atomics.wait`, so it handles no more
 * messages.
 */
function serve(vec: VectorEnv, control: Int32Array, shard: VectorStep): void {
  const actions = control.subarray(CONTROL.actions);
  const seed = controlSeed(control);
  const poll = new BackoffPoll();
  let seen = 0;
  const commandSent = () => Atomics.load(control, CONTROL.sequence) !== seen;
  for (;;) {
    poll.run(commandSent);
    Atomics.wait(control, CONTROL.sequence, seen);
    seen = Atomics.load(control, CONTROL.sequence);
    const command = control[CONTROL.command];
    if (command === COMMAND.close) return;
    const commandStart = performance.now();
    let status: number = STATUS.ok;
    try {
      if (command === COMMAND.step) vec.stepInto(actions, shard);
      else if (command === COMMAND.reset) shard.observations.set(vec.resetSync(seed[0]));
      else throw new Error(`unknown command ${command}`);
    } catch (error) {
      status = STATUS.failed;
      fail(error);
    }
    // Resets take far longer than steps, and the next command after one may be a while off.
    poll.limit = command === COMMAND.step ? POLL_SHARE * (performance.now() - commandStart) : 0;
    Atomics.store(control, CONTROL.status, status);
    Atomics.store(control, CONTROL.done, seen);
    Atomics.notify(control, CONTROL.done);
  }
}
