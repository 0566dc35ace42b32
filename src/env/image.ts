// Image operations that must equal OpenCV's on 8-bit images, because the
// AtariARI code (mila-iqia/atari-representation-learning) preprocesses
// frames with OpenCV.

// cv::cvtColor RGB->GRAY on 8-bit input: Y = 0.299 R + 0.587 G + 0.114 B in
// fixed point with round-half-up. OpenCV 4.x (checked against 4.6) uses 15
// fractional bits; OpenCV 3.x used 14 (4899, 9617, 1868). The two agree on
// every NTSC palette colour but differ on 12 of the 16,384 channel-wise
// maxima of two palette colours, which max-and-skip produces.
const GRAY_SHIFT = 15;
const GRAY_R = 9798; // round(0.299 * 2^15)
const GRAY_G = 19235; // round(0.587 * 2^15)
const GRAY_B = 3735; // round(0.114 * 2^15)
const GRAY_ROUND = 1 << (GRAY_SHIFT - 1);

/** OpenCV's grey level of one RGB colour. */
export function grayOf(r: number, g: number, b: number): number {
  return (r * GRAY_R + g * GRAY_G + b * GRAY_B + GRAY_ROUND) >> GRAY_SHIFT;
}

/** Converts interleaved RGB (`pixels * 3` bytes) to one grey byte per pixel. */
export function rgbToGray(rgb: Uint8Array, out: Uint8Array = new Uint8Array(rgb.length / 3)): Uint8Array {
  if (rgb.length !== out.length * 3) {
    throw new Error(`rgbToGray: ${rgb.length} RGB bytes do not fill ${out.length} grey pixels`);
  }
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = (rgb[j] * GRAY_R + rgb[j + 1] * GRAY_G + rgb[j + 2] * GRAY_B + GRAY_ROUND) >> GRAY_SHIFT;
  }
  return out;
}

/** Source pixels that make up one destination pixel along one axis, with float32 weights. */
interface AreaTable {
  /** For destination index d, entries start[d] .. start[d + 1] - 1. */
  start: Int32Array;
  source: Int32Array;
  weight: Float32Array;
}

const areaTables = new Map<string, AreaTable>();

/**
 * Weights of OpenCV's INTER_AREA for shrinking `sourceSize` pixels to
 * `destinationSize`: a destination pixel covers `scale` source pixels and each
 * source pixel counts by the fraction of it that lies inside, divided by the
 * covered width. Partial pixels under 1e-3 are left out, as in OpenCV.
 */
function areaTable(sourceSize: number, destinationSize: number): AreaTable {
  const key = `${sourceSize}>${destinationSize}`;
  const cached = areaTables.get(key);
  if (cached) return cached;
  const scale = 1 / (destinationSize / sourceSize);
  const start: number[] = [0];
  const source: number[] = [];
  const weight: number[] = [];
  for (let d = 0; d < destinationSize; d++) {
    const begin = d * scale;
    const end = begin + scale;
    const width = Math.min(scale, sourceSize - begin);
    const last = Math.min(Math.floor(end), sourceSize - 1);
    const first = Math.min(Math.ceil(begin), last);
    if (first - begin > 1e-3) {
      source.push(first - 1);
      weight.push((first - begin) / width);
    }
    for (let s = first; s < last; s++) {
      source.push(s);
      weight.push(1 / width);
    }
    if (end - last > 1e-3) {
      source.push(last);
      weight.push(Math.min(end - last, 1, width) / width);
    }
    start.push(source.length);
  }
  const table = {
    start: Int32Array.from(start),
    source: Int32Array.from(source),
    weight: Float32Array.from(weight),
  };
  areaTables.set(key, table);
  return table;
}

/**
 * Shrinks an interleaved 8-bit image (height x width x channels) with
 * OpenCV's INTER_AREA for non-integer scale factors: rows are summed with
 * float32 weights, then columns, and the result is rounded half to even.
 * Arithmetic is float32 in OpenCV's order so results match it bit for bit.
 */
export function resizeArea(
  image: Uint8Array,
  height: number,
  width: number,
  channels: number,
  outHeight: number,
  outWidth: number,
  out: Uint8Array = new Uint8Array(outHeight * outWidth * channels),
): Uint8Array {
  if (image.length !== height * width * channels) {
    throw new Error(`resizeArea: ${image.length} bytes are not ${height}x${width}x${channels}`);
  }
  if (outHeight > height || outWidth > width) {
    throw new Error(`resizeArea only shrinks: ${height}x${width} -> ${outHeight}x${outWidth}`);
  }
  const xs = areaTable(width, outWidth);
  const ys = areaTable(height, outHeight);
  const rowSums = new Float32Array(outWidth * channels);
  const sums = new Float32Array(outWidth * channels);
  for (let dy = 0; dy < outHeight; dy++) {
    for (let k = ys.start[dy]; k < ys.start[dy + 1]; k++) {
      sumRow(image, ys.source[k] * width * channels, channels, xs, rowSums);
      const beta = ys.weight[k];
      const first = k === ys.start[dy];
      for (let i = 0; i < sums.length; i++) {
        const term = Math.fround(rowSums[i] * beta);
        sums[i] = first ? term : Math.fround(sums[i] + term);
      }
    }
    const base = dy * outWidth * channels;
    for (let i = 0; i < sums.length; i++) out[base + i] = roundToUint8(sums[i]);
  }
  return out;
}

function sumRow(
  image: Uint8Array,
  rowStart: number,
  channels: number,
  xs: AreaTable,
  rowSums: Float32Array,
): void {
  rowSums.fill(0);
  const count = xs.start.length - 1;
  for (let dx = 0; dx < count; dx++) {
    for (let k = xs.start[dx]; k < xs.start[dx + 1]; k++) {
      const alpha = xs.weight[k];
      const s = rowStart + xs.source[k] * channels;
      for (let c = 0; c < channels; c++) {
        const i = dx * channels + c;
        rowSums[i] = Math.fround(rowSums[i] + Math.fround(image[s + c] * alpha));
      }
    }
  }
}

/** cv::saturate_cast<uchar>(float): round half to even, clamp to 0..255. */
function roundToUint8(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  if (r < 0) return 0;
  if (r > 255) return 255;
  return r;
}
