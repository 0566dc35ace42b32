import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { loadSafetensors, saveSafetensors, writeFileAtomic } from "../../src/checkpoint/files.ts";
import { parametersToTensors, tensorsToParameters } from "../../src/checkpoint/parameters.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "../../src/checkpoint/safetensors.ts";
import { initEncoderParameters, natureCnnSpec } from "../../src/stdim/encoder.ts";
import { initStdimHeads } from "../../src/stdim/heads.ts";
import { Random } from "../../src/stdim/random.ts";

function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

test("round trip keeps every bit", () => {
  // Special float32 patterns: -0, a quiet NaN with payload, denormals, infinities.
  const specials = new Uint32Array([0x80000000, 0x7fc12345, 0x00000001, 0x807fffff, 0x7f800000, 0xff800000, 0x3f800000]);
  const random = new Random(11);
  const tensors = new Map<string, Tensor>([
    ["main.0.weight", { dtype: "F32", shape: [7], data: new Float32Array(specials.buffer) }],
    ["big", { dtype: "F32", shape: [3, 5, 7], data: Float32Array.from({ length: 105 }, () => random.gaussian()) }],
    ["f64", { dtype: "F64", shape: [2, 2], data: new Float64Array([Math.PI, -0, 1e-310, NaN]) }],
    ["steps", { dtype: "I64", shape: [2], data: new BigInt64Array([-5n, 2n ** 62n]) }],
    ["bytes", { dtype: "U8", shape: [3], data: new Uint8Array([0, 128, 255]) }],
    ["scalar", { dtype: "F32", shape: [], data: new Float32Array([2.5]) }],
    ["empty", { dtype: "F32", shape: [0, 4], data: new Float32Array(0) }],
  ]);
  const encoded = encodeSafetensors(tensors, { format: "pt", note: "ünïcode" });
  const decoded = decodeSafetensors(encoded);
  assert.deepEqual([...decoded.tensors.keys()], [...tensors.keys()]);
  assert.deepEqual(decoded.metadata, { format: "pt", note: "ünïcode" });
  for (const [name, tensor] of tensors) {
    const back = decoded.tensors.get(name)!;
    assert.equal(back.dtype, tensor.dtype, name);
    assert.deepEqual(back.shape, tensor.shape, name);
    assert.deepEqual(bytesOf(back.data), bytesOf(tensor.data), name);
  }
});

test("header is padded to 8 bytes", () => {
  const encoded = encodeSafetensors(new Map([["x", { dtype: "F32", shape: [1], data: new Float32Array([1]) } as Tensor]]));
  const headerLength = Number(new DataView(encoded.buffer).getBigUint64(0, true));
  assert.equal(headerLength % 8, 0);
  const header = new TextDecoder().decode(encoded.subarray(8, 8 + headerLength));
  assert.deepEqual(JSON.parse(header), { x: { dtype: "F32", shape: [1], data_offsets: [0, 4] } });
});

test("decoder rejects malformed files", () => {
  const good = encodeSafetensors(new Map([["x", { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) } as Tensor]]));
  assert.throws(() => decodeSafetensors(good.subarray(0, 5)), /shorter than the 8-byte/);
  assert.throws(() => decodeSafetensors(good.subarray(0, good.length - 1)), /ends at byte 8/);
  const withHeader = (header: object) => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + 8);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  assert.throws(() => decodeSafetensors(withHeader({ x: { dtype: "Q8", shape: [2], data_offsets: [0, 8] } })), /unsupported dtype "Q8"/);
  assert.throws(() => decodeSafetensors(withHeader({ x: { dtype: "F32", shape: [3], data_offsets: [0, 8] } })), /needs 12 bytes/);
  assert.throws(
    () => decodeSafetensors(withHeader({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, b: { dtype: "F32", shape: [1], data_offsets: [2, 6] } })),
    /overlap or gap/,
  );
  assert.throws(() => decodeSafetensors(withHeader({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } })), /cover 4 of 8/);
  const badLength = new Uint8Array(16);
  new DataView(badLength.buffer).setBigUint64(0, 1000n, true);
  assert.throws(() => decodeSafetensors(badLength), /invalid header length 1000/);
});

test("encoder rejects mismatched data", () => {
  const tensors = new Map<string, Tensor>([["x", { dtype: "F32", shape: [3], data: new Float32Array(2) }]]);
  assert.throws(() => encodeSafetensors(tensors), /needs 12 bytes, got 8/);
  const wrongType = new Map<string, Tensor>([["x", { dtype: "F64", shape: [1], data: new Float32Array(2) }]]);
  assert.throws(() => encodeSafetensors(wrongType), /must be a Float64Array/);
});

test("nature cnn checkpoint round trip", async () => {
  const spec = natureCnnSpec();
  const random = new Random(3);
  const params = new Map([...initEncoderParameters(spec, random), ...initStdimHeads(spec, "infonce-stdim", random)]);
  const dir = await mkdtemp(join(tmpdir(), "ckpt-"));
  try {
    const path = join(dir, "encoder.safetensors");
    await saveSafetensors(path, parametersToTensors(spec, params), { format: "pt" });
    const file = await loadSafetensors(path);
    assert.deepEqual([...file.tensors.keys()].slice(0, 3), ["main.0.weight", "main.0.bias", "main.2.weight"]);
    assert.deepEqual(file.tensors.get("main.9.weight")!.shape, [256, 3456]);
    assert.deepEqual(file.tensors.get("classifier1.weight")!.shape, [128, 256]);
    assert.deepEqual(file.tensors.get("classifier2.weight")!.shape, [128, 128]);
    const back = tensorsToParameters(spec, file);
    for (const [name, value] of params) assert.deepEqual(bytesOf(back.get(name)!), bytesOf(value), name);
    assert.deepEqual(await readdir(dir), ["encoder.safetensors"]);
    const small = natureCnnSpec({ downsample: true });
    assert.throws(() => tensorsToParameters(small, file), /lacks main\.7\.weight/);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("checkpoint shape mismatch is rejected", () => {
  const spec = natureCnnSpec();
  const params = initEncoderParameters(spec, new Random(1));
  const tensors = parametersToTensors(spec, params);
  tensors.set("main.9.bias", { dtype: "F32", shape: [4, 64], data: params.get("main.9.bias")! });
  const file = decodeSafetensors(encodeSafetensors(tensors));
  assert.throws(() => tensorsToParameters(spec, file), /main\.9\.bias has shape \[4,64\], the encoder expects \[256\]/);
});

test("atomic write replaces whole file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "atomic-"));
  try {
    const path = join(dir, "x.bin");
    await writeFile(path, "old contents");
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    assert.deepEqual(new Uint8Array(await readFile(path)), new Uint8Array([1, 2, 3]));
    assert.deepEqual(await readdir(dir), ["x.bin"]);
    await assert.rejects(writeFileAtomic(join(dir, "missing", "y.bin"), new Uint8Array(1)), /ENOENT/);
    assert.deepEqual(await readdir(dir), ["x.bin"]);
  } finally {
    await rm(dir, { recursive: true });
  }
});
