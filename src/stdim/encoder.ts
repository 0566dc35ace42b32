import { orthogonalMatrix, RELU_GAIN } from "./orthogonal.ts";
import { Random } from "./random.ts";

/** One convolution of an encoder: no padding, ReLU after it. */
export interface ConvSpec {
  /** PyTorch `state_dict` prefix, such as `main.0`. */
  name: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
}

/** The linear layer after the flattened last convolution. */
export interface LinearSpec {
  name: string;
  inFeatures: number;
  outFeatures: number;
}

/** A named parameter tensor with its PyTorch shape. */
export interface ParameterSpec {
  name: string;
  shape: number[];
}

/** Layer sizes of a convolutional encoder in the shape of NatureCNN. */
export interface EncoderSpec {
  inputChannels: number;
  inputHeight: number;
  inputWidth: number;
  convs: ConvSpec[];
  linear: LinearSpec;
  /** Index in `convs` whose ReLU output is the local feature map. */
  localConv: number;
  /** Apply ReLU to the global feature (the reference's `end_with_relu`). */
  endWithRelu: boolean;
}

/** Options of the reference's NatureCNN. */
export interface NatureCnnOptions {
  /** Channels per frame stack: 1 for grayscale (default), 3 for colour. */
  inputChannels?: number;
  /** Size of the global feature vector (the reference's `feature_size`). */
  featureSize?: number;
  /** ReLU after the final linear layer (the reference's `end_with_relu`). */
  endWithRelu?: boolean;
  /**
   * `false` (default) for full-size 210x160 frames; `true` for the 84x84
   * variant (the reference's default unless `--no_downsample`).
   */
  downsample?: boolean;
}

/** Layer choice for a custom encoder (used for small test networks). */
export interface ConvLayerOptions {
  outChannels: number;
  kernel: number;
  stride: number;
}

/** Sizes of a custom encoder built from a list of convolutions. */
export interface EncoderOptions {
  inputChannels: number;
  inputHeight: number;
  inputWidth: number;
  convs: ConvLayerOptions[];
  featureSize: number;
  localConv: number;
  endWithRelu?: boolean;
}

/**
 * Builds the spec of an encoder laid out like the reference's
 * `nn.Sequential`: conv, ReLU, conv, ReLU, ..., Flatten, Linear. Module i of
 * the sequence is named `main.i`, so with four convolutions the linear
 * layer is `main.9` and with three it is `main.7`.
 */
export function buildEncoderSpec(options: EncoderOptions): EncoderSpec {
  const { inputChannels, inputHeight, inputWidth, featureSize } = options;
  checkPositive("inputChannels", inputChannels);
  checkPositive("featureSize", featureSize);
  if (options.convs.length === 0) {
    throw new Error("encoder needs at least one convolution");
  }
  const convs: ConvSpec[] = [];
  let channels = inputChannels;
  let height = inputHeight;
  let width = inputWidth;
  options.convs.forEach((layer, index) => {
    const outHeight = Math.floor((height - layer.kernel) / layer.stride) + 1;
    const outWidth = Math.floor((width - layer.kernel) / layer.stride) + 1;
    if (outHeight < 1 || outWidth < 1) {
      throw new Error(
        `conv ${index} (kernel ${layer.kernel}, stride ${layer.stride}) ` +
          `does not fit its ${height}x${width} input: use a larger input`,
      );
    }
    convs.push({
      name: `main.${2 * index}`,
      inChannels: channels,
      outChannels: layer.outChannels,
      kernel: layer.kernel,
      stride: layer.stride,
      inHeight: height,
      inWidth: width,
      outHeight,
      outWidth,
    });
    channels = layer.outChannels;
    height = outHeight;
    width = outWidth;
  });
  if (!(options.localConv >= 0 && options.localConv < convs.length)) {
    throw new RangeError(
      `localConv ${options.localConv} is not a conv index (0..${convs.length - 1})`,
    );
  }
  const linear: LinearSpec = {
    name: `main.${2 * convs.length + 1}`,
    inFeatures: channels * height * width,
    outFeatures: featureSize,
  };
  return {
    inputChannels,
    inputHeight,
    inputWidth,
    convs,
    linear,
    localConv: options.localConv,
    endWithRelu: options.endWithRelu ?? false,
  };
}

/**
 * Returns the reference's NatureCNN: for 1x210x160 frames conv 32 8x8/4,
 * conv 64 4x4/2, conv 128 4x4/2, conv 64 3x3/1, linear 3456 -> 256, local
 * features 128x11x8; for 84x84 frames conv 32 8x8/4, conv 64 4x4/2,
 * conv 32 3x3/1, linear 1568 -> 256, local features 32x7x7. In both the
 * local map is the output of the third convolution after its ReLU.
 */
export function natureCnnSpec(options: NatureCnnOptions = {}): EncoderSpec {
  const common = {
    inputChannels: options.inputChannels ?? 1,
    featureSize: options.featureSize ?? 256,
    endWithRelu: options.endWithRelu ?? false,
    localConv: 2,
  };
  if (options.downsample) {
    return buildEncoderSpec({
      ...common,
      inputHeight: 84,
      inputWidth: 84,
      convs: [
        { outChannels: 32, kernel: 8, stride: 4 },
        { outChannels: 64, kernel: 4, stride: 2 },
        { outChannels: 32, kernel: 3, stride: 1 },
      ],
    });
  }
  return buildEncoderSpec({
    ...common,
    inputHeight: 210,
    inputWidth: 160,
    convs: [
      { outChannels: 32, kernel: 8, stride: 4 },
      { outChannels: 64, kernel: 4, stride: 2 },
      { outChannels: 128, kernel: 4, stride: 2 },
      { outChannels: 64, kernel: 3, stride: 1 },
    ],
  });
}

/** Depth, height and width of the local feature map. */
export function localShape(spec: EncoderSpec): {
  depth: number;
  height: number;
  width: number;
  positions: number;
} {
  const conv = spec.convs[spec.localConv];
  return {
    depth: conv.outChannels,
    height: conv.outHeight,
    width: conv.outWidth,
    positions: conv.outHeight * conv.outWidth,
  };
}

/** Values per input frame: channels x height x width. */
export function frameSize(spec: EncoderSpec): number {
  return spec.inputChannels * spec.inputHeight * spec.inputWidth;
}

/** The encoder's parameters in PyTorch `state_dict` order. */
export function encoderParameterSpecs(spec: EncoderSpec): ParameterSpec[] {
  const out: ParameterSpec[] = [];
  for (const conv of spec.convs) {
    out.push({
      name: `${conv.name}.weight`,
      shape: [conv.outChannels, conv.inChannels, conv.kernel, conv.kernel],
    });
    out.push({ name: `${conv.name}.bias`, shape: [conv.outChannels] });
  }
  const { name, inFeatures, outFeatures } = spec.linear;
  out.push({ name: `${name}.weight`, shape: [outFeatures, inFeatures] });
  out.push({ name: `${name}.bias`, shape: [outFeatures] });
  return out;
}

/** Parameter tensors by PyTorch name, each a flat row-major array. */
export type Parameters = Map<string, Float32Array>;

/**
 * Initialises an encoder as the reference does: orthogonal weights with
 * ReLU gain (sqrt 2) and zero biases, from a seeded generator.
 */
export function initEncoderParameters(
  spec: EncoderSpec,
  random: Random,
): Parameters {
  const params: Parameters = new Map();
  for (const { name, shape } of encoderParameterSpecs(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (name.endsWith(".bias")) {
      params.set(name, new Float32Array(size));
      continue;
    }
    const rows = shape[0];
    const matrix = orthogonalMatrix(rows, size / rows, RELU_GAIN, random);
    params.set(name, Float32Array.from(matrix));
  }
  return params;
}

/**
 * Initialises a linear head as PyTorch's `nn.Linear` does by default:
 * weight and bias uniform in [-1/sqrt(in), 1/sqrt(in)].
 */
export function initLinearHead(
  prefix: string,
  inFeatures: number,
  outFeatures: number,
  random: Random,
  params: Parameters = new Map(),
): Parameters {
  const bound = 1 / Math.sqrt(inFeatures);
  const uniform = (size: number) => {
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      values[i] = (2 * random.uniform() - 1) * bound;
    }
    return values;
  };
  params.set(`${prefix}.weight`, uniform(outFeatures * inFeatures));
  params.set(`${prefix}.bias`, uniform(outFeatures));
  return params;
}

function checkPositive(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}
