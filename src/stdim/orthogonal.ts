import { Random } from "./random.ts";

/** The gain PyTorch's `nn.init.calculate_gain("relu")` returns: sqrt(2). */
export const RELU_GAIN = Math.SQRT2;

/**
 * Fills a `rows x cols` matrix (row-major, `cols` = product of the other
 * dimensions of the weight) with a scaled orthogonal matrix the way
 * PyTorch's `nn.init.orthogonal_` builds one: draw a Gaussian matrix, take
 * the QR decomposition of it (of its transpose when rows < cols), multiply
 * each column of Q by the sign of R's diagonal, and scale by `gain`.
 *
 * Gram-Schmidt with a second orthogonalisation pass gives R a positive
 * diagonal directly, so it yields the sign-corrected Q in one step. The
 * Gaussian draws come from our own generator, so the values differ from
 * PyTorch's for the same seed but follow the same distribution.
 */
export function orthogonalMatrix(
  rows: number,
  cols: number,
  gain: number,
  random: Random,
): Float64Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  // Columns of the m x n Gaussian matrix, stored column by column.
  const columns: Float64Array[] = [];
  for (let j = 0; j < n; j++) columns.push(new Float64Array(m));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) columns[j][i] = random.gaussian();
  }
  orthonormalizeColumns(columns);

  const out = new Float64Array(rows * cols);
  for (let j = 0; j < n; j++) {
    const q = columns[j];
    for (let i = 0; i < m; i++) {
      // Q is m x n; the weight is Q itself when tall, else Q transposed.
      if (tall) out[i * cols + j] = q[i] * gain;
      else out[j * cols + i] = q[i] * gain;
    }
  }
  return out;
}

function orthonormalizeColumns(columns: Float64Array[]): void {
  for (let j = 0; j < columns.length; j++) {
    const v = columns[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) subtractProjection(v, columns[k]);
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm === 0) {
      throw new Error(`orthogonal init: column ${j} is linearly dependent`);
    }
    for (let i = 0; i < v.length; i++) v[i] /= norm;
  }
}

function subtractProjection(v: Float64Array, unit: Float64Array): void {
  const scale = dot(v, unit);
  for (let i = 0; i < v.length; i++) v[i] -= scale * unit[i];
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
