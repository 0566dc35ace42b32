// Collected episodes on disk (Node only): one binary file per dataset, and
// NumPy .npy export for the Python AtariARI code.
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Episode, EpisodeSet } from "./episodes.ts";
import { frameSize } from "./episodes.ts";

const MAGIC = "AARIEPS1";
export const DATASET_FORMAT_VERSION = 1;

/** The splits a dataset file holds, in file order. */
export const SPLIT_NAMES = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Provenance of a dataset: game, ROM, seed, settings and versions. */
export interface DatasetMetadata {
  /** ALE ROM name, e.g. `pong`. */
  game: string;
  romMd5: string;
  seed: number;
  /** Collection and preprocessing settings, as given. */
  settings: Record<string, unknown>;
  /** Versions of this package and of the behaviour it follows. */
  versions: Record<string, string>;
  entropies?: Record<string, number>;
  droppedLabels?: string[];
  duplicatesRemoved?: number;
  createdAt?: string;
}

export interface Dataset {
  metadata: DatasetMetadata;
  frameShape: number[];
  labelNames: string[];
  splits: Record<SplitName, Episode[]>;
}

interface Header extends DatasetMetadata {
  format: typeof MAGIC;
  formatVersion: number;
  frameShape: number[];
  labelNames: string[];
  /** Episode lengths per split. */
  episodeLengths: Record<SplitName, number[]>;
}

/** Builds a dataset from split episode sets that share a frame shape and label names. */
export function makeDataset(
  metadata: DatasetMetadata,
  splits: Partial<Record<SplitName, EpisodeSet>>,
): Dataset {
  const sets = SPLIT_NAMES.map((name) => splits[name]).filter((set) => set !== undefined);
  if (sets.length === 0) throw new Error("makeDataset needs at least one split");
  const { frameShape, labelNames } = sets[0];
  for (const set of sets) {
    if (String(set.frameShape) !== String(frameShape) || String(set.labelNames) !== String(labelNames)) {
      throw new Error("all splits of a dataset must share the frame shape and label names");
    }
  }
  return {
    metadata: { createdAt: new Date().toISOString(), ...metadata },
    frameShape: [...frameShape],
    labelNames: [...labelNames],
    splits: {
      train: splits.train?.episodes ?? [],
      validation: splits.validation?.episodes ?? [],
      test: splits.test?.episodes ?? [],
    },
  };
}

/** Returns the episodes of one split as an `EpisodeSet`. */
export function datasetSplit(dataset: Dataset, split: SplitName): EpisodeSet {
  return { frameShape: dataset.frameShape, labelNames: dataset.labelNames, episodes: dataset.splits[split] };
}

/**
 * Writes a dataset to `path` atomically: to a temporary file beside it,
 * flushed to disk, then renamed over `path`, so readers never see a partial
 * file. Layout: `AARIEPS1`, a uint32 little-endian header length, the JSON
 * header, zeros to a multiple of 8 bytes, then for each split and episode its
 * frames and then its labels.
 */
export function saveDataset(dataset: Dataset, path: string): void {
  const header: Header = {
    format: MAGIC,
    formatVersion: DATASET_FORMAT_VERSION,
    ...dataset.metadata,
    frameShape: dataset.frameShape,
    labelNames: dataset.labelNames,
    episodeLengths: {
      train: dataset.splits.train.map((episode) => episode.length),
      validation: dataset.splits.validation.map((episode) => episode.length),
      test: dataset.splits.test.map((episode) => episode.length),
    },
  };
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, headerBytes(header));
    for (const split of SPLIT_NAMES) {
      for (const episode of dataset.splits[split]) {
        writeAll(fd, episode.frames);
        writeAll(fd, episode.labels);
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

function headerBytes(header: Header): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const unpadded = MAGIC.length + 4 + json.length;
  const bytes = new Uint8Array(Math.ceil(unpadded / 8) * 8);
  bytes.set(new TextEncoder().encode(MAGIC));
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, MAGIC.length + 4);
  return bytes;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function readExactly(fd: number, length: number, position: number, path: string): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  while (offset < length) {
    const read = readSync(fd, bytes, offset, length - offset, position + offset);
    if (read === 0) throw new Error(`dataset file ${path} is truncated at byte ${position + offset}`);
    offset += read;
  }
  return bytes;
}

/** Reads a dataset written by `saveDataset`; throws on a file of another format or a truncated one. */
export function loadDataset(path: string): Dataset {
  const fd = openSync(path, "r");
  try {
    const start = readExactly(fd, MAGIC.length + 4, 0, path);
    const magic = new TextDecoder().decode(start.subarray(0, MAGIC.length));
    if (magic !== MAGIC) {
      throw new Error(`${path} is not an AtariARI episode dataset (expected it to start with ${MAGIC})`);
    }
    const jsonLength = new DataView(start.buffer).getUint32(MAGIC.length, true);
    const header: Header = JSON.parse(
      new TextDecoder().decode(readExactly(fd, jsonLength, MAGIC.length + 4, path)),
    );
    if (header.formatVersion !== DATASET_FORMAT_VERSION) {
      throw new Error(
        `${path} has dataset format version ${header.formatVersion}; this package reads version ${DATASET_FORMAT_VERSION}`,
      );
    }
    let position = Math.ceil((MAGIC.length + 4 + jsonLength) / 8) * 8;
    const size = frameSize(header);
    const labelCount = header.labelNames.length;
    const splits = {} as Record<SplitName, Episode[]>;
    for (const split of SPLIT_NAMES) {
      splits[split] = header.episodeLengths[split].map((length) => {
        const frames = readExactly(fd, length * size, position, path);
        position += frames.length;
        const labels = readExactly(fd, length * labelCount, position, path);
        position += labels.length;
        return { length, frames, labels };
      });
    }
    const { format: _format, formatVersion: _version, frameShape, labelNames, episodeLengths: _lengths, ...metadata } =
      header;
    return { metadata, frameShape, labelNames, splits };
  } finally {
    closeSync(fd);
  }
}

/** A NumPy .npy version 1.0 header for a C-order array. */
export function npyHeader(dtype: "|u1" | "<i8", shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + length (2) + dict + newline, padded to 64 bytes.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = dict.padEnd(total - 10 - 1, " ") + "\n";
  const bytes = new Uint8Array(total);
  bytes.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0]);
  new DataView(bytes.buffer).setUint16(8, text.length, true);
  bytes.set(new TextEncoder().encode(text), 10);
  return bytes;
}

/**
 * Writes each split as NumPy files into `folder`: `<split>_frames.npy`
 * (uint8, frames x channels x height x width), `<split>_labels.npy` (uint8,
 * frames x labels), `<split>_episode_lengths.npy` (int64), and
 * `labels.json` with the label names in column order and the metadata.
 * Returns the paths written.
 */
export function exportNpy(dataset: Dataset, folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const split of SPLIT_NAMES) {
    const episodes = dataset.splits[split];
    const frames = episodes.reduce((sum, episode) => sum + episode.length, 0);
    const framesPath = join(folder, `${split}_frames.npy`);
    writeNpy(framesPath, npyHeader("|u1", [frames, ...dataset.frameShape]), episodes.map((e) => e.frames));
    const labelsPath = join(folder, `${split}_labels.npy`);
    writeNpy(labelsPath, npyHeader("|u1", [frames, dataset.labelNames.length]), episodes.map((e) => e.labels));
    const lengths = new BigInt64Array(episodes.map((episode) => BigInt(episode.length)));
    const lengthsPath = join(folder, `${split}_episode_lengths.npy`);
    writeNpy(lengthsPath, npyHeader("<i8", [episodes.length]), [new Uint8Array(lengths.buffer)]);
    written.push(framesPath, labelsPath, lengthsPath);
  }
  const namesPath = join(folder, "labels.json");
  writeNpy(namesPath, new TextEncoder().encode(
    JSON.stringify({ labelNames: dataset.labelNames, frameShape: dataset.frameShape, metadata: dataset.metadata }, null, 1),
  ), []);
  written.push(namesPath);
  return written;
}

/** Writes `header` then `chunks` to `path` through a temporary file and a rename. */
function writeNpy(path: string, header: Uint8Array, chunks: Uint8Array[]): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w");
  try {
    writeAll(fd, header);
    for (const chunk of chunks) writeAll(fd, chunk);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
