// Peer run: the same ST-DIM training step (batch 64, 1x210x160 frames,
// full-size NatureCNN, both InfoNCE losses, Adam) in TensorFlow.js 4.22
// with its WebGPU backend, on the adapter npm `webgpu` (Dawn) finds.
// TensorFlow.js is not a dependency of this package. Install it apart:
//   npm install --prefix .cache/tfjs-peer @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-webgpu@4.22.0
// then run: node --import tsx bench/tfjs-peer.ts [--batch 64 --steps 2 --dir .cache/tfjs-peer]
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";

const { values } = parseArgs({
  options: {
    batch: { type: "string", default: "64" },
    steps: { type: "string", default: "2" },
    dir: { type: "string", default: ".cache/tfjs-peer" },
  },
});
const B = Number(values.batch);
const STEPS = Number(values.steps);
const dir = resolve(values.dir!);
if (!existsSync(join(dir, "node_modules", "@tensorflow", "tfjs"))) {
  console.error(`TensorFlow.js not found under ${dir}; install it with:\n` +
    `  npm install --prefix ${values.dir} @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-webgpu@4.22.0`);
  process.exit(1);
}

// The WebGPU backend looks for navigator.gpu when it is imported.
const dawn = await import("webgpu");
Object.assign(globalThis, dawn.globals);
const gpuInstance = dawn.create([]);
Object.defineProperty(globalThis, "navigator", { value: { gpu: gpuInstance, userAgent: "node" }, configurable: true });
const require = createRequire(join(dir, "package.json"));
// TensorFlow.js is loaded from outside this package, so its types are not available here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TfTensor = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tf: any = await import(pathToFileURL(require.resolve("@tensorflow/tfjs")).href);
await import(pathToFileURL(require.resolve("@tensorflow/tfjs-backend-webgpu")).href);
await tf.setBackend("webgpu");
await tf.ready();

// NHWC layout (TensorFlow.js's); filters are [KH, KW, C_in, C_out].
const convs = [
  { k: 8, cIn: 1, cOut: 32, stride: 4 },
  { k: 4, cIn: 32, cOut: 64, stride: 2 },
  { k: 4, cIn: 64, cOut: 128, stride: 2 },
  { k: 3, cIn: 128, cOut: 64, stride: 1 },
];
const scaled = (shape: number[], fanIn: number) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn)));
const weights = convs.map((c) => ({ w: scaled([c.k, c.k, c.cIn, c.cOut], c.k * c.k * c.cIn), b: tf.variable(tf.zeros([c.cOut])) }));
const fc = { w: scaled([3456, 256], 3456), b: tf.variable(tf.zeros([256])) };
const head1 = { w: scaled([256, 128], 256), b: tf.variable(tf.zeros([128])) };
const head2 = { w: scaled([128, 128], 128), b: tf.variable(tf.zeros([128])) };
const optimizer = tf.train.adam(3e-4, 0.9, 0.999, 1e-5);

function encode(x: TfTensor, full: boolean) {
  let h = x;
  let local = x;
  const layers = full ? 4 : 3;
  for (let i = 0; i < layers; i++) {
    h = tf.relu(tf.add(tf.conv2d(h, weights[i].w, convs[i].stride, "valid"), weights[i].b));
    if (i === 2) local = h;
  }
  // PyTorch flattens NCHW; the order does not change the cost.
  const global = full ? tf.add(tf.matMul(tf.reshape(h, [B, 3456]), fc.w), fc.b) : null;
  // [B, 11, 8, 128] -> [88, B, 128]
  return { local: tf.transpose(tf.reshape(local, [B, 88, 128]), [1, 0, 2]), global };
}

function infoNce(anchors: TfTensor, positives: TfTensor) {
  const scores = tf.matMul(anchors, positives, false, true); // [88, B, B]
  const labels = tf.tile(tf.expandDims(tf.eye(B), 0), [88, 1, 1]);
  return tf.losses.softmaxCrossEntropy(labels, scores);
}

const framesT = tf.randomUniform([B, 210, 160, 1]);
const framesPrev = tf.randomUniform([B, 210, 160, 1]);
function step() {
  return optimizer.minimize(() => {
    const t = encode(framesT, true);
    const prev = encode(framesPrev, false);
    const g1 = tf.add(tf.matMul(t.global!, head1.w), head1.b);
    const loss1 = infoNce(tf.tile(tf.expandDims(g1, 0), [88, 1, 1]), prev.local);
    const h2 = tf.add(tf.matMul(tf.reshape(t.local, [88 * B, 128]), head2.w), head2.b);
    const loss2 = infoNce(tf.reshape(h2, [88, B, 128]), prev.local);
    return tf.add(loss1, loss2);
  }, true)!;
}

console.log(`TensorFlow.js ${tf.version.tfjs}, backend ${tf.getBackend()}, batch ${B}`);
// CPU time of the whole process (Dawn's and lavapipe's threads included)
// is printed beside wall time: on a shared machine it varies far less.
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i <= STEPS; i++) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const loss = step();
  const value = (await loss.data())[0];
  loss.dispose();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const note = i === 0 ? " (warm-up, compiles shaders)" : "";
  console.log(`step ${i}${note}: ${(ms / 1000).toFixed(2)} s, CPU ${(cpuMs / 1000).toFixed(2)} s, loss ${value.toFixed(4)}`);
  if (i > 0) {
    times.push(ms);
    cpuTimes.push(cpuMs);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`median step: ${(median(times) / 1000).toFixed(2)} s, CPU ${(median(cpuTimes) / 1000).toFixed(2)} s`);
process.exit(0);
