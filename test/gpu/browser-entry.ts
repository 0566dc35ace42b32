// Browser side of the kernel suite: runs every case on navigator.gpu and
// leaves the results on window for the Playwright driver to collect.
import { Gpu } from "../../src/gpu/index.ts";
import { kernelCases } from "./suite.ts";

/** Outcome of one case, as the Node driver reads it. */
export interface BrowserResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface SuiteWindow {
  kernelSuite?: { adapter: string; results: BrowserResult[]; done: boolean; error?: string };
}

async function main(): Promise<void> {
  const state: NonNullable<SuiteWindow["kernelSuite"]> = { adapter: "", results: [], done: false };
  (window as unknown as SuiteWindow).kernelSuite = state;
  try {
    const gpu = await Gpu.create();
    state.adapter = `${gpu.adapter.vendor} ${gpu.adapter.architecture} ${gpu.adapter.description}`;
    for (const c of kernelCases) {
      try {
        const detail = await c.run(gpu);
        await gpu.sync();
        state.results.push({ name: c.name, ok: true, detail });
      } catch (error) {
        state.results.push({ name: c.name, ok: false, detail: String((error as Error).stack ?? error) });
      }
    }
    gpu.destroy();
  } catch (error) {
    state.error = String((error as Error).stack ?? error);
  }
  state.done = true;
}

void main();
