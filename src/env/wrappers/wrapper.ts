import type {
  ActionSpace,
  BaseEnv,
  Env,
  ResetOptions,
  ResetResult,
  Shape,
  StepResult,
} from "../types.ts";

/** An environment that forwards everything to `env`; subclasses override what they change. */
export class Wrapper implements Env {
  /** The innermost environment, looked up once because a chain never changes. */
  readonly unwrapped: BaseEnv;

  constructor(readonly env: Env) {
    this.unwrapped = env.unwrapped;
  }

  get actionSpace(): ActionSpace {
    return this.env.actionSpace;
  }

  get observationShape(): Shape {
    return this.env.observationShape;
  }

  reset(options?: ResetOptions): ResetResult {
    return this.env.reset(options);
  }

  step(action: number): StepResult {
    return this.env.step(action);
  }
}

/** Returns the first wrapper of class `type` in `env`'s chain, outermost first, if any. */
export function findWrapper<T extends Wrapper>(
  env: Env,
  type: abstract new (...args: never[]) => T,
): T | undefined {
  for (let layer: Env = env; layer instanceof Wrapper; layer = layer.env) {
    if (layer instanceof type) return layer;
  }
  return undefined;
}
