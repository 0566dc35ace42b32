import assert from "node:assert/strict";
import { test } from "node:test";

import { initEncoderParameters, natureCnnSpec } from "../../src/stdim/encoder.ts";
import { orthogonalMatrix, RELU_GAIN } from "../../src/stdim/orthogonal.ts";
import { Random } from "../../src/stdim/random.ts";

// Largest |(A A^T)_ij - gain^2 I_ij| over the short side of A.
function orthogonalityError(a: ArrayLike<number>, rows: number, cols: number, gain: number): number {
  const wide = rows <= cols;
  const n = wide ? rows : cols;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      const m = wide ? cols : rows;
      for (let k = 0; k < m; k++) {
        sum += wide ? a[i * cols + k] * a[j * cols + k] : a[k * cols + i] * a[k * cols + j];
      }
      worst = Math.max(worst, Math.abs(sum - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}

for (const [rows, cols] of [[5, 12], [12, 5], [7, 7]]) {
  test(`orthogonal ${rows}x${cols} has orthonormal short side`, () => {
    const matrix = orthogonalMatrix(rows, cols, RELU_GAIN, new Random(1));
    assert.ok(orthogonalityError(matrix, rows, cols, RELU_GAIN) < 1e-12);
  });
}

test("orthogonal init is seeded", () => {
  const a = orthogonalMatrix(4, 9, 1, new Random(42));
  const b = orthogonalMatrix(4, 9, 1, new Random(42));
  const c = orthogonalMatrix(4, 9, 1, new Random(43));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("orthogonal init has positive R diagonal", () => {
  // Q^T G = R, so the diagonal of R is the dot product of each Q column
  // (scaled back by 1/gain) with the matching Gaussian column.
  const rows = 9;
  const cols = 4;
  const gaussian = new Random(5);
  const g = Array.from({ length: rows * cols }, () => gaussian.gaussian());
  const q = orthogonalMatrix(rows, cols, 1, new Random(5));
  for (let j = 0; j < cols; j++) {
    let r = 0;
    for (let i = 0; i < rows; i++) r += q[i * cols + j] * g[i * cols + j];
    assert.ok(r > 0, `R[${j}][${j}] = ${r}`);
  }
});

test("nature cnn init: orthogonal weights, zero biases", () => {
  const spec = natureCnnSpec({ downsample: true });
  const params = initEncoderParameters(spec, new Random(0));
  assert.ok(params.get("main.0.bias")!.every((v) => v === 0));
  const w = params.get("main.2.weight")!;
  // float32 storage limits the check to about 1e-6.
  assert.ok(orthogonalityError(w, 64, 32 * 16, RELU_GAIN) < 1e-5);
  const linear = params.get("main.7.weight")!;
  assert.equal(linear.length, 256 * 1568);
});

test("random integer and uniform ranges", () => {
  const random = new Random(9);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 5000; i++) counts[random.integer(5)]++;
  for (const count of counts) assert.ok(count > 850 && count < 1150, `count ${count}`);
  for (let i = 0; i < 1000; i++) {
    const u = random.uniform();
    assert.ok(u >= 0, `uniform ${u} below 0`);
    assert.ok(u < 1, `uniform ${u} not below 1`);
  }
  assert.throws(() => random.integer(0), /0 < n/);
  assert.throws(() => new Random(-1), /seed/);
});
