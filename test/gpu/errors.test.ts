// Failure reporting of the device layer: missing adapters, low limits,
// validation errors and device loss must surface as GpuError with the
// value or kernel label involved.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Gpu, GpuError, REQUIRED_LIMITS, checkAdapterLimits, requestGpuDevice, reluBackward,
} from "../../src/gpu/index.ts";

test("missing adapter names the driver", async () => {
  const global = globalThis as { navigator?: unknown };
  const saved = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  Object.defineProperty(globalThis, "navigator", {
    value: { gpu: { requestAdapter: async () => null } },
    configurable: true,
  });
  try {
    await assert.rejects(requestGpuDevice(), (error: Error) => {
      assert.ok(error instanceof GpuError);
      assert.match(error.message, /no adapter/);
      assert.match(error.message, /mesa-vulkan-drivers/);
      return true;
    });
  } finally {
    if (saved) Object.defineProperty(globalThis, "navigator", saved);
    else delete global.navigator;
  }
});

test("low limit is named", () => {
  const limits = { ...REQUIRED_LIMITS, maxBufferSize: 2 ** 30, maxComputeWorkgroupStorageSize: 8192 };
  assert.throws(
    () => checkAdapterLimits({ limits: limits as unknown as GPUSupportedLimits }),
    /maxComputeWorkgroupStorageSize is 8192, below the 16384/,
  );
});

test("validation error carries kernel label", async () => {
  const gpu = await Gpu.create();
  try {
    const t = gpu.zeros([64], "aliased");
    // Binding one buffer as both input and output is invalid in WebGPU.
    reluBackward(gpu, t, t, t, "relu backward of aliased");
    await assert.rejects(gpu.sync(), (error: Error) => {
      assert.ok(error instanceof GpuError);
      assert.match(error.message, /relu backward of aliased/);
      return true;
    });
  } finally {
    gpu.destroy();
  }
});

test("oversized tensor names the limit", async () => {
  const gpu = await Gpu.create();
  try {
    const elements = gpu.limits.maxStorageBufferBindingSize / 4 + 1;
    assert.throws(() => gpu.tensor([elements], "huge"), /huge.*maxStorageBufferBindingSize/);
  } finally {
    gpu.destroy();
  }
});

test("device loss is reported", async () => {
  const gpu = await Gpu.create();
  const t = gpu.zeros([16], "survivor");
  reluBackward(gpu, t, t, gpu.tensor([16], "dx"), "last kernel before loss");
  gpu.flush();
  gpu.device.destroy();
  await gpu.device.lost;
  assert.throws(() => gpu.zeros([4], "after loss"), (error: Error) => {
    assert.ok(error instanceof GpuError);
    assert.match(error.message, /device lost/);
    return true;
  });
  await assert.rejects(gpu.sync(), /device lost.*last kernel before loss/);
  gpu.destroy();
});
