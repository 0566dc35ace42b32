// Compute pipelines, created once per device and per (shader, overrides).

import { shaderSources, type ShaderName } from "./shaders.generated.ts";

/** Override constants of one pipeline, by WGSL name. */
export type Overrides = Readonly<Record<string, number>>;

/** Text key and label of a pipeline, such as `matmul{WG_X=8,WG_Y=8}`. */
export function pipelineKey(shader: ShaderName, overrides: Overrides): string {
  const parts = Object.keys(overrides)
    .sort()
    .map((name) => `${name}=${overrides[name]}`);
  return `${shader}{${parts.join(",")}}`;
}

/** Pipelines and shader modules of one device. */
export class PipelineCache {
  private readonly modules = new Map<ShaderName, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  /** Number of pipelines created so far. */
  get size(): number {
    return this.pipelines.size;
  }

  /**
   * Returns the pipeline of `shader` with `overrides`, creating it on first
   * use. Throws if an override is not declared in the shader.
   */
  get(shader: ShaderName, overrides: Overrides): GPUComputePipeline {
    const key = pipelineKey(shader, overrides);
    const cached = this.pipelines.get(key);
    if (cached) return cached;

    const declared = shaderSources[shader].overrides;
    for (const name of Object.keys(overrides)) {
      if (!declared.includes(name)) {
        throw new Error(`shader ${shader} declares no override ${name} (it has ${declared.join(", ")})`);
      }
    }
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: "auto",
      compute: { module: this.module(shader), entryPoint: "main", constants: { ...overrides } },
    });
    this.pipelines.set(key, pipeline);
    return pipeline;
  }

  private module(shader: ShaderName): GPUShaderModule {
    let module = this.modules.get(shader);
    if (!module) {
      module = this.device.createShaderModule({ label: shader, code: shaderSources[shader].code });
      this.modules.set(shader, module);
    }
    return module;
  }
}
