// The demo page: pick a game, watch it run, train ST-DIM on this page's
// WebGPU device, then probe it and compare with the published scores.
// window.atariariDemo mirrors the page's state for scripts and tests.

import {
  AtariCore,
  builtinGame,
  CATEGORIES,
  DEMO_SETTINGS,
  gameFromRomFile,
  Gpu,
  labelCategories,
  PUBLISHED_RESULTS,
  RomError,
  runBenchmark,
  RunControl,
  RunStopped,
  type BenchmarkGame,
  type BenchmarkHooks,
  type BenchmarkOutcome,
  type BenchmarkSettings,
  type DatasetSummary,
  type EncoderEpoch,
} from "../index.ts";
import { barChart, drawLossPlot, type BarRow } from "./plots.ts";
import { drawScreen, EmulatorPreview } from "./preview.ts";

/** The page's state as scripts and tests read it. */
export interface DemoState {
  /** The emulator is loaded and the controls respond. */
  ready: boolean;
  /** A WebGPU device was created; training needs one. */
  webgpu: boolean;
  adapter: string;
  game: string;
  stage: "idle" | "collect" | "train" | "probe" | "done" | "stopped" | "failed";
  /** Text of the message box, or null when it is hidden. */
  message: string | null;
  dataset: DatasetSummary | null;
  epochs: EncoderEpoch[];
  /** Test F1 per label of the last finished run. */
  f1: Record<string, number> | null;
  settings: BenchmarkSettings | null;
}

const NO_WEBGPU_MESSAGE =
  "WebGPU is not available in this browser, so the encoder and probes cannot train here " +
  "(the emulator still runs). Use a browser with WebGPU: Chrome or Edge 113 or newer, or " +
  "Safari 26. On Linux, start Chromium with --enable-unsafe-webgpu --enable-features=Vulkan.";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state: DemoState = {
  ready: false,
  webgpu: false,
  adapter: "",
  game: "",
  stage: "idle",
  message: null,
  dataset: null,
  epochs: [],
  f1: null,
  settings: null,
};
(window as unknown as { atariariDemo: DemoState }).atariariDemo = state;

let core: AtariCore;
let gpu: Gpu | null = null;
let preview: EmulatorPreview;
let game: BenchmarkGame = builtinGame();
let control: RunControl | null = null;
let outcome: BenchmarkOutcome | null = null;
const run: { latestCheckpoint?: Uint8Array } = {};

function showMessage(text: string | null, kind: "error" | "warning" = "error"): void {
  const box = $("message");
  state.message = text;
  box.hidden = text === null;
  box.textContent = text ?? "";
  box.className = kind;
}

function setStage(stage: DemoState["stage"], text: string): void {
  state.stage = stage;
  $("stage").textContent = text;
}

function setProgress(done: number, total: number): void {
  const bar = $<HTMLProgressElement>("progress");
  bar.max = total;
  bar.value = done;
}

function describeGame(g: BenchmarkGame): string {
  return `${g.name} · ${g.rom.length} bytes · MD5 ${g.md5} · ${g.labels.names.length} labels: ${g.labels.names.join(", ")}`;
}

async function selectGame(next: BenchmarkGame): Promise<void> {
  await preview.load(next.rom);
  game = next;
  state.game = next.name;
  $("game-info").textContent = describeGame(next);
  $("screen-caption").textContent = "random agent";
}

async function openRomFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const next = await gameFromRomFile(file.name, bytes, core);
    await selectGame(next);
    const option = $<HTMLSelectElement>("game-select").options[1];
    option.disabled = false;
    option.textContent = `${next.name} (${file.name})`;
    $<HTMLSelectElement>("game-select").value = "file";
    showMessage(null);
  } catch (error) {
    const text = error instanceof RomError ? error.message : `Opening ${file.name} failed: ${(error as Error).message}`;
    showMessage(`${text}. ${game.name} stays selected.`);
  }
}

function readSettings(): BenchmarkSettings {
  const form = new FormData($<HTMLFormElement>("settings"));
  const integer = (name: string, minimum: number) => {
    const value = Number(form.get(name));
    if (!Number.isInteger(value) || value < minimum) {
      throw new Error(`${name} is ${JSON.stringify(form.get(name))}; enter a whole number of at least ${minimum}`);
    }
    return value;
  };
  return {
    ...DEMO_SETTINGS,
    method: form.get("method") as BenchmarkSettings["method"],
    steps: integer("steps", 200),
    encoderEpochs: integer("encoderEpochs", 1),
    probeEpochs: integer("probeEpochs", 1),
    batchSize: integer("batchSize", 2),
    numEnvs: integer("numEnvs", 1),
    seed: integer("seed", 0),
  };
}

function fillSettings(settings: BenchmarkSettings): void {
  const form = $<HTMLFormElement>("settings");
  for (const name of ["method", "steps", "encoderEpochs", "probeEpochs", "batchSize", "numEnvs", "seed"] as const) {
    (form.elements.namedItem(name) as HTMLInputElement).value = String(settings[name]);
  }
}

function setRunning(running: boolean): void {
  $<HTMLButtonElement>("start").disabled = running || !state.webgpu;
  $<HTMLButtonElement>("pause").disabled = !running;
  $<HTMLButtonElement>("stop").disabled = !running;
  $<HTMLButtonElement>("game-select").disabled = running;
  $<HTMLInputElement>("rom-file").disabled = running;
  $<HTMLButtonElement>("pause").textContent = "Pause";
}

async function startRun(): Promise<void> {
  let settings: BenchmarkSettings;
  try {
    settings = readSettings();
  } catch (error) {
    showMessage((error as Error).message);
    return;
  }
  showMessage(null);
  state.settings = settings;
  state.epochs = [];
  state.f1 = null;
  state.dataset = null;
  outcome = null;
  run.latestCheckpoint = undefined;
  clearResults();
  drawLossPlot($("loss-plot"), []);
  $<HTMLButtonElement>("download-checkpoint").disabled = true;
  $<HTMLButtonElement>("download-results").disabled = true;
  control = new RunControl();
  preview.stop();
  setRunning(true);
  $("screen-caption").textContent = "collecting with the random agent";
  try {
    outcome = await runBenchmark(game, settings, gpu!, { control, core, state: run, hooks: pageHooks(settings) });
    showResults(outcome);
    setStage("done", `Finished: ${describeTimings(outcome.results.timings)}`);
    $<HTMLButtonElement>("download-results").disabled = false;
  } catch (error) {
    if (error instanceof RunStopped) {
      setStage("stopped", "Stopped. The encoder after the last finished epoch can still be downloaded.");
    } else {
      setStage("failed", "The run failed.");
      showMessage(`The run failed: ${(error as Error).message}`);
    }
  } finally {
    control = null;
    setRunning(false);
    $<HTMLButtonElement>("download-checkpoint").disabled = run.latestCheckpoint === undefined && outcome === null;
    $("screen-caption").textContent = "random agent";
    preview.start();
  }
}

/** Callbacks that draw a run's progress on the page. */
function pageHooks(settings: BenchmarkSettings): BenchmarkHooks {
  let lastDraw = 0;
  return {
    onStage: (stage, text) => setStage(stage, `${text}…`),
    onCollectStep: (ale, done, total) => {
      setProgress(done, total);
      if (performance.now() - lastDraw < 33) return;
      lastDraw = performance.now();
      drawScreen($("screen"), ale);
      $("frame-number").textContent = String(ale.getFrameNumber());
    },
    onCollected: (summary) => {
      state.dataset = summary;
      $("game-info").textContent =
        `${describeGame(game)} · collected ${summary.episodes} episodes: ${summary.trainFrames} train, ` +
        `${summary.validationFrames} validation, ${summary.testFrames} test frames` +
        (summary.labelsDropped.length > 0 ? ` · dropped for low entropy: ${summary.labelsDropped.join(", ")}` : "");
    },
    onEncoderEpoch: (epoch) => {
      state.epochs.push(epoch);
      setProgress(state.epochs.length, settings.encoderEpochs);
      drawLossPlot($("loss-plot"), state.epochs);
      $("loss-text").textContent =
        `epoch ${epoch.epoch}: train loss ${epoch.train.loss.toFixed(4)}, validation loss ${epoch.val.loss.toFixed(4)}`;
      $<HTMLButtonElement>("download-checkpoint").disabled = false;
    },
    onProbeEpoch: (line) => {
      const match = /probe epoch (\d+)/.exec(line);
      if (match) setProgress(Number(match[1]) + 1, settings.probeEpochs);
      $("stage").textContent = line;
    },
  };
}

function describeTimings(timings: Record<string, number>): string {
  return Object.entries(timings)
    .map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`)
    .join(", ");
}

function clearResults(): void {
  $("category-bars").replaceChildren();
  $("label-table").querySelector("tbody")!.replaceChildren();
  $("results-summary").textContent = "Scores appear here after the probes are tested.";
}

function showResults(result: BenchmarkOutcome): void {
  const labels = result.probes.labels;
  state.f1 = Object.fromEntries(Object.entries(labels).map(([name, score]) => [name, score.f1]));
  const publishedGame = PUBLISHED_RESULTS.per_game[game.name.toLowerCase().replace(/_/g, "")];
  const published = publishedGame?.["infonce-stdim"];
  const ours = result.probes.f1.acrossCategoriesAvg;
  $("results-summary").textContent =
    `Mean F1 across categories: ${ours.toFixed(3)} (${state.settings!.method}, this run). ` +
    (published !== undefined
      ? `Published ST-DIM on ${game.name}: ${published.toFixed(2)}.`
      : `Published ST-DIM has no score for ${game.name}; its mean over the 22 AtariARI games is ` +
        `${PUBLISHED_RESULTS.per_game.mean["infonce-stdim"].toFixed(2)}.`);

  const rows: BarRow[] = [];
  for (const category of CATEGORIES) {
    const value = result.probes.f1.categories[category];
    if (value === undefined) continue;
    rows.push({ name: category, ours: value, published: PUBLISHED_RESULTS.per_category_mean_over_games[category]?.["infonce-stdim"] });
  }
  $("category-bars").replaceChildren(barChart(rows, "published ST-DIM, mean over 22 games"));

  const body = $("label-table").querySelector("tbody")!;
  body.replaceChildren();
  for (const [name, score] of Object.entries(labels)) {
    const row = document.createElement("tr");
    row.dataset.label = name;
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = `${Math.round(score.f1 * 120)}px`;
    const cells = [
      cell(name),
      cell(labelCategories(name).join(", ").replace(/_/g, " ") || "none"),
      cell(score.f1.toFixed(3), "number f1"),
      cell(score.accuracy.toFixed(3), "number accuracy"),
    ];
    const barCell = document.createElement("td");
    barCell.append(bar);
    row.append(...cells, barCell);
    body.append(row);
  }
}

function cell(text: string, className = ""): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function download(bytes: Uint8Array | string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function wireControls(): void {
  $("start").addEventListener("click", () => void startRun());
  $("pause").addEventListener("click", () => {
    if (!control) return;
    if (control.paused) {
      control.resume();
      $("pause").textContent = "Pause";
      $("stage").textContent = `Resumed (${state.stage})…`;
    } else {
      control.pause();
      $("pause").textContent = "Resume";
      $("stage").textContent = `Paused (${state.stage}).`;
    }
  });
  $("stop").addEventListener("click", () => control?.stop());
  $("download-checkpoint").addEventListener("click", () => {
    const bytes = outcome?.checkpoint ?? run.latestCheckpoint;
    if (bytes) download(bytes, "encoder.safetensors", "application/octet-stream");
  });
  $("download-results").addEventListener("click", () => {
    if (outcome) download(JSON.stringify(outcome.results, null, 2) + "\n", "results.json", "application/json");
  });
  $("rom-file").addEventListener("change", (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void openRomFile(file);
  });
  $("game-select").addEventListener("change", (event) => {
    if ((event.target as HTMLSelectElement).value === "windfall") void selectGame(builtinGame());
  });
}

async function openWebGpu(): Promise<void> {
  if (!("gpu" in navigator)) {
    showMessage(NO_WEBGPU_MESSAGE);
    return;
  }
  try {
    gpu = await Gpu.create();
  } catch (error) {
    showMessage(`WebGPU could not start: ${(error as Error).message}`);
    return;
  }
  const a = gpu.adapter;
  state.webgpu = true;
  state.adapter = `${a.vendor} ${a.architecture} ${a.description}`.trim();
  $("adapter").textContent = `WebGPU adapter: ${state.adapter}${a.isSoftware ? " (software, so training is slow)" : ""}`;
}

async function main(): Promise<void> {
  wireControls();
  fillSettings(DEMO_SETTINGS);
  drawLossPlot($("loss-plot"), []);
  try {
    core = await AtariCore.load(new URL("./atari.wasm", import.meta.url));
  } catch (error) {
    showMessage(`The emulator failed to load: ${(error as Error).message}`);
    setStage("failed", "The emulator failed to load.");
    return;
  }
  preview = new EmulatorPreview($("screen"), core, (frame) => {
    $("frame-number").textContent = String(frame);
  });
  await selectGame(game);
  await openWebGpu();
  setRunning(false);
  setStage("idle", state.webgpu ? "Ready: press Start." : "Training needs WebGPU (see the message above).");
  state.ready = true;
}

void main();
