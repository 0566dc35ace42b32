// Compares stdimLossAndGradients with PyTorch running the reference's loss
// on the same checkpoint and frames. Needs python3 with torch and numpy
// (Debian: apt-get install python3-torch).
//
//   node --import tsx scripts/compare-torch.ts [--batch 4] [--seed 1] [--python PATH]
//
// Prints the losses of both and, per parameter and overall, the largest
// relative difference: max |ours - torch| / max |torch| over each tensor.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { parametersToTensors } from "../src/checkpoint/parameters.ts";
import { decodeSafetensors, encodeSafetensors } from "../src/checkpoint/safetensors.ts";
import { initEncoderParameters, natureCnnSpec } from "../src/stdim/encoder.ts";
import { initStdimHeads } from "../src/stdim/heads.ts";
import { stdimLossAndGradients } from "../src/stdim/loss-api.ts";
import { Random } from "../src/stdim/random.ts";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "4" },
    seed: { type: "string", default: "1" },
    python: { type: "string" },
  },
});
const batch = Number(values.batch);
const seed = Number(values.seed);

function findPython(): string {
  const candidates = values.python ? [values.python] : ["python3", "/usr/bin/python3"];
  for (const python of candidates) {
    try {
      execFileSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" });
      return python;
    } catch {
      // Try the next interpreter.
    }
  }
  throw new Error(`no python with torch and numpy among ${candidates.join(", ")}: install python3-torch or pass --python PATH`);
}

// Blocky frames with a moving square, closer to Atari screens than noise.
function syntheticFrames(random: Random, count: number): Uint8Array {
  const frames = new Uint8Array(count * 210 * 160);
  for (let n = 0; n < count; n++) {
    const base = n * 210 * 160;
    const background = random.integer(80);
    frames.fill(background, base, base + 210 * 160);
    for (let block = 0; block < 6; block++) {
      const y0 = random.integer(190);
      const x0 = random.integer(140);
      const shade = 80 + random.integer(176);
      for (let y = y0; y < y0 + 20; y++) frames.fill(shade, base + y * 160 + x0, base + y * 160 + x0 + 20);
    }
  }
  return frames;
}

const python = findPython();
const random = new Random(seed);
const spec = natureCnnSpec();
const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, "infonce-stdim", random)]);
const checkpoint = encodeSafetensors(parametersToTensors(spec, params), { format: "pt" });
const framesT = syntheticFrames(random, batch);
const framesPrev = syntheticFrames(random, batch);

const ours = await stdimLossAndGradients({ checkpoint, framesT, framesPrev });
const directory = await mkdtemp(join(tmpdir(), "compare-torch-"));
try {
  await writeFile(join(directory, "checkpoint.safetensors"), checkpoint);
  const frames = new Uint8Array(framesT.length * 2);
  frames.set(framesT);
  frames.set(framesPrev, framesT.length);
  await writeFile(join(directory, "frames.bin"), frames);
  console.log(`batch ${batch}, seed ${seed}, ours: loss ${ours.loss} (loss1 ${ours.loss1}, loss2 ${ours.loss2})`);
  for (const dtype of ["float64", "float32"]) {
    const output = execFileSync(python, [join(import.meta.dirname, "compare-torch.py"), directory, dtype], { encoding: "utf8" });
    const torch = JSON.parse(output.trim().split("\n").pop()!);
    const file = decodeSafetensors(new Uint8Array(await readFile(join(directory, "torch-gradients.safetensors"))));
    console.log(`\ntorch ${torch.torch} ${dtype}: loss ${torch.loss} (loss1 ${torch.loss1}, loss2 ${torch.loss2})`);
    console.log(`  loss relative difference ${(Math.abs(ours.loss - torch.loss) / Math.abs(torch.loss)).toExponential(2)}`);
    let worst = 0;
    for (const [name, gradient] of ours.gradients) {
      const reference = file.tensors.get(name)!.data as Float32Array;
      let maxDiff = 0;
      let maxRef = 0;
      for (let i = 0; i < reference.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(gradient[i] - reference[i]));
        maxRef = Math.max(maxRef, Math.abs(reference[i]));
      }
      const relative = maxDiff / maxRef;
      worst = Math.max(worst, relative);
      console.log(`  ${name.padEnd(20)} max |diff| / max |torch| = ${relative.toExponential(2)}`);
    }
    console.log(`  largest relative gradient difference (${dtype}): ${worst.toExponential(2)}`);
  }
} finally {
  await rm(directory, { recursive: true });
}
