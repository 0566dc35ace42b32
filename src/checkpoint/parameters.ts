import type { EncoderSpec, Parameters } from "../stdim/encoder.ts";
import { encoderParameterSpecs, localShape } from "../stdim/encoder.ts";
import { elementCount, type SafetensorsFile, type Tensor } from "./safetensors.ts";

/** Expected PyTorch shapes of the encoder and of any heads present in `params`. */
export function parameterShapes(spec: EncoderSpec, params?: Parameters): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const { name, shape } of encoderParameterSpecs(spec)) shapes.set(name, shape);
  const features = spec.linear.outFeatures;
  const { depth } = localShape(spec);
  const c1 = params?.get("classifier1.weight");
  if (c1) {
    const out = c1.length / features;
    shapes.set("classifier1.weight", [out, features]);
    shapes.set("classifier1.bias", [out]);
  }
  if (params?.has("classifier2.weight")) {
    shapes.set("classifier2.weight", [depth, depth]);
    shapes.set("classifier2.bias", [depth]);
  }
  return shapes;
}

/**
 * Converts parameters to F32 tensors under their PyTorch names and shapes,
 * encoder first (in `state_dict` order), then the heads. Names not in the
 * spec are rejected so a file never carries a tensor that the reference
 * model would refuse to load.
 */
export function parametersToTensors(spec: EncoderSpec, params: Parameters): Map<string, Tensor> {
  const shapes = parameterShapes(spec, params);
  const tensors = new Map<string, Tensor>();
  for (const [name, shape] of shapes) {
    const data = params.get(name);
    if (!data) throw new Error(`parameter ${name} is missing`);
    if (data.length !== elementCount(shape)) {
      throw new Error(`parameter ${name} has ${data.length} values, shape [${shape}] needs ${elementCount(shape)}`);
    }
    tensors.set(name, { dtype: "F32", shape, data });
  }
  for (const name of params.keys()) {
    if (!shapes.has(name)) throw new Error(`parameter ${name} is not part of this encoder or its heads`);
  }
  return tensors;
}

/**
 * Reads the encoder parameters (and `classifier*` heads, if present) from a
 * decoded safetensors file, checking every name and shape against `spec`.
 * F64, F16 and BF16 tensors are converted to float32.
 */
export function tensorsToParameters(spec: EncoderSpec, file: SafetensorsFile): Parameters {
  const params: Parameters = new Map();
  for (const [name, tensor] of file.tensors) {
    if (name.startsWith("main.") || name.startsWith("classifier")) {
      params.set(name, toFloat32(name, tensor));
    }
  }
  const shapes = parameterShapes(spec, params);
  const missing = [...shapes.keys()].filter((name) => !params.has(name));
  if (missing.length > 0) {
    throw new Error(`checkpoint lacks ${missing.join(", ")}: is it for this encoder (input ${spec.inputHeight}x${spec.inputWidth})?`);
  }
  for (const [name, shape] of shapes) {
    const actual = file.tensors.get(name)!.shape;
    if (actual.join("x") !== shape.join("x")) {
      throw new Error(`checkpoint tensor ${name} has shape [${actual}], the encoder expects [${shape}]`);
    }
  }
  for (const name of params.keys()) {
    if (!shapes.has(name)) throw new Error(`checkpoint tensor ${name} is not part of this encoder or its heads`);
  }
  return params;
}

function toFloat32(name: string, tensor: Tensor): Float32Array {
  switch (tensor.dtype) {
    case "F32":
      return tensor.data as Float32Array;
    case "F64":
      return Float32Array.from(tensor.data as Float64Array);
    case "F16":
      return Float32Array.from(tensor.data as Uint16Array, halfToFloat);
    case "BF16":
      return Float32Array.from(tensor.data as Uint16Array, bfloat16ToFloat);
    default:
      throw new Error(`checkpoint tensor ${name} is ${tensor.dtype}; parameters must be F32, F64, F16 or BF16`);
  }
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0b11111;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0b11111) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bfloatScratch = new Uint32Array(1);
const bfloatView = new Float32Array(bfloatScratch.buffer);

function bfloat16ToFloat(bits: number): number {
  bfloatScratch[0] = bits << 16;
  return bfloatView[0];
}
