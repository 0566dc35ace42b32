import { readLabels, type LabelTable } from "../../atariari/labels.ts";
import type { Env, ResetOptions, ResetResult, StepResult } from "../types.ts";
import { Wrapper } from "./wrapper.ts";

/**
 * Adds `info.labels`, the AtariARI labels read from RAM after every step and
 * reset (the AtariARI code's `AtariARIWrapper`, which labels steps only).
 */
export class AtariLabels extends Wrapper {
  constructor(
    env: Env,
    readonly table: LabelTable,
  ) {
    super(env);
  }

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    result.info.labels = readLabels(this.table, this.unwrapped.ale.getRAM());
    return result;
  }

  override step(action: number): StepResult {
    const result = this.env.step(action);
    result.info.labels = readLabels(this.table, this.unwrapped.ale.getRAM());
    return result;
  }
}
