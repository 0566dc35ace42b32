// The safetensors format: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and byte range, then the raw
// little-endian tensor bytes. Files written here load with the Python
// `safetensors` package and, for encoder tensors, straight into a PyTorch
// `state_dict`.

/** Element types that safetensors names, with their byte widths. */
export const DTYPE_BYTES = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  BOOL: 1,
} as const;

export type Dtype = keyof typeof DTYPE_BYTES;

export type TensorData =
  | Float64Array
  | Float32Array
  | Uint16Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | Uint32Array;

/** A tensor as stored in a safetensors file. */
export interface Tensor {
  dtype: Dtype;
  shape: number[];
  /** Row-major values; F16 and BF16 are raw 16-bit patterns. */
  data: TensorData;
}

/** Tensors in file order, with the file's string metadata. */
export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

/** Header size limit of the reference Rust implementation (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/**
 * Encodes tensors as a safetensors file. Tensors are laid out in the
 * iteration order of `tensors`; the header is padded with spaces to a
 * multiple of 8 bytes so every tensor starts 8-byte aligned when the
 * tensors before it are.
 */
export function encodeSafetensors(
  tensors: Map<string, Tensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    checkTensor(name, tensor);
    const bytes = tensor.data.byteLength;
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let position = 8 + json.length;
  for (const tensor of tensors.values()) {
    out.set(littleEndianBytes(tensor.data), position);
    position += tensor.data.byteLength;
  }
  return out;
}

/**
 * Decodes a safetensors file. Each tensor gets its own aligned copy of the
 * data. Throws on a malformed header, an unknown dtype, a shape that does
 * not match its byte range, or byte ranges that overlap or leave gaps.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) {
    throw new Error(`safetensors: file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
    throw new Error(`safetensors: invalid header length ${headerLength} for a ${bytes.length}-byte file`);
  }
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new Error(`safetensors: header is not valid JSON (${(error as Error).message})`);
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const entries = Object.entries(header).filter(([name]) => name !== "__metadata__");
  const ranges: [number, number, string][] = [];
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of entries) {
    const { dtype, shape, data_offsets: offsets } = parseEntry(name, entry);
    const [begin, end] = offsets;
    if (end > dataLength) {
      throw new Error(`safetensors: tensor ${name} ends at byte ${end}, past the ${dataLength} data bytes`);
    }
    ranges.push([begin, end, name]);
    const raw = bytes.slice(dataStart + begin, dataStart + end);
    tensors.set(name, { dtype, shape, data: fromLittleEndian(dtype, raw) });
  }
  checkRanges(ranges, dataLength);
  return { tensors, metadata };
}

/** Number of elements of a shape (1 for a scalar). */
export function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Wraps a float32 array as an F32 tensor of the given shape. */
export function f32(shape: number[], data: Float32Array): Tensor {
  return { dtype: "F32", shape, data };
}

function parseEntry(name: string, entry: unknown): { dtype: Dtype; shape: number[]; data_offsets: [number, number] } {
  const value = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  const dtype = value?.dtype;
  if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) {
    throw new Error(`safetensors: tensor ${name} has unsupported dtype ${JSON.stringify(dtype)}`);
  }
  const shape = value.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`safetensors: tensor ${name} has invalid shape ${JSON.stringify(shape)}`);
  }
  const offsets = value.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
    throw new Error(`safetensors: tensor ${name} has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const expected = elementCount(shape) * DTYPE_BYTES[dtype as Dtype];
  if (offsets[1] - offsets[0] !== expected) {
    throw new Error(
      `safetensors: tensor ${name} of shape [${shape}] ${dtype} needs ${expected} bytes, data_offsets give ${offsets[1] - offsets[0]}`,
    );
  }
  return { dtype: dtype as Dtype, shape, data_offsets: offsets as [number, number] };
}

// The format requires the byte ranges to tile the data section exactly.
function checkRanges(ranges: [number, number, string][], dataLength: number): void {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let expected = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== expected) {
      throw new Error(`safetensors: tensor ${name} starts at byte ${begin}, expected ${expected} (overlap or gap)`);
    }
    expected = end;
  }
  if (expected !== dataLength) {
    throw new Error(`safetensors: tensors cover ${expected} of ${dataLength} data bytes`);
  }
}

function checkTensor(name: string, tensor: Tensor): void {
  if (name === "__metadata__") throw new Error("safetensors: __metadata__ is not a valid tensor name");
  const width = DTYPE_BYTES[tensor.dtype];
  if (width === undefined) throw new Error(`safetensors: tensor ${name} has unsupported dtype ${tensor.dtype}`);
  const expected = elementCount(tensor.shape) * width;
  if (tensor.data.byteLength !== expected) {
    throw new Error(
      `safetensors: tensor ${name} of shape [${tensor.shape}] ${tensor.dtype} needs ${expected} bytes, got ${tensor.data.byteLength}`,
    );
  }
  const ctor = arrayTypeFor(tensor.dtype);
  if (!(tensor.data instanceof ctor)) {
    throw new Error(`safetensors: tensor ${name} is ${tensor.dtype}, so its data must be a ${ctor.name}`);
  }
}

function arrayTypeFor(dtype: Dtype) {
  switch (dtype) {
    case "F64": return Float64Array;
    case "F32": return Float32Array;
    case "F16":
    case "BF16":
    case "U16": return Uint16Array;
    case "I64": return BigInt64Array;
    case "U64": return BigUint64Array;
    case "I32": return Int32Array;
    case "U32": return Uint32Array;
    case "I16": return Int16Array;
    case "I8": return Int8Array;
    case "U8":
    case "BOOL": return Uint8Array;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(data: TensorData): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  return swapBytes(bytes.slice(), data.BYTES_PER_ELEMENT);
}

function fromLittleEndian(dtype: Dtype, raw: Uint8Array): TensorData {
  const width = DTYPE_BYTES[dtype];
  const bytes = LITTLE_ENDIAN || width === 1 ? raw : swapBytes(raw, width);
  const ctor = arrayTypeFor(dtype);
  return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / width);
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  return bytes;
}
