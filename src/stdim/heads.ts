import type { EncoderSpec, Parameters } from "./encoder.ts";
import { initLinearHead, localShape } from "./encoder.ts";
import { Random } from "./random.ts";
import type { StdimObjective } from "./reference.ts";

/**
 * Initialises the score heads of an ST-DIM objective with PyTorch's default
 * `nn.Linear` init: `classifier1` maps the global feature to the local depth
 * (to the feature size for `global-infonce-stdim`), and `classifier2`,
 * used by `infonce-stdim` only, maps local depth to local depth.
 */
export function initStdimHeads(
  spec: EncoderSpec,
  objective: StdimObjective,
  random: Random,
): Parameters {
  const features = spec.linear.outFeatures;
  const { depth } = localShape(spec);
  const heads: Parameters = new Map();
  if (objective === "global-infonce-stdim") {
    return initLinearHead("classifier1", features, features, random, heads);
  }
  initLinearHead("classifier1", features, depth, random, heads);
  if (objective === "infonce-stdim") {
    initLinearHead("classifier2", depth, depth, random, heads);
  }
  return heads;
}
