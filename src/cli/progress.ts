// Progress output. On a terminal: a bar redrawn in place with the rate and
// the estimated time left. Elsewhere (CI, pipes, files): one plain line
// when a stage starts and one when it ends, so logs stay readable.

/** Output stream for progress, process.stderr by default. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

/** Progress of one stage with a known total, in `unit`s. */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    if (!stream.isTTY) stream.write(`${label}: ${total} ${unit}\n`);
  }

  /** Adds `count` finished units; `note` is shown after the rate. */
  tick(count = 1, note = ""): void {
    this.done = Math.min(this.total, this.done + count);
    const time = this.now();
    if (!this.stream.isTTY || time - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = time;
    this.stream.write(`\r${this.render(time, note)}\x1b[K`);
  }

  /** Ends the stage with a summary line. */
  finish(note = ""): void {
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const summary = `${this.label}: ${this.done}/${this.total} ${this.unit} in ` +
      `${formatDuration(seconds)} (${formatRate(rate)} ${this.unit}/s)${note ? `, ${note}` : ""}`;
    this.stream.write(this.stream.isTTY ? `\r${summary}\x1b[K\n` : `${summary}\n`);
  }

  /** Returns the bar line for the time `time` (ms). */
  render(time: number, note = ""): string {
    const seconds = (time - this.started) / 1000;
    const fraction = this.total > 0 ? this.done / this.total : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : NaN;
    return `${this.label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ` +
      `${(fraction * 100).toFixed(0).padStart(3)}% ${this.done}/${this.total} ${this.unit} ` +
      `${formatRate(rate)} ${this.unit}/s ETA ${formatDuration(eta)}${note ? ` ${note}` : ""}`;
  }
}

/** Formats seconds as m:ss or h:mm:ss; "--:--" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

function formatRate(rate: number): string {
  if (rate >= 100) return rate.toFixed(0);
  return rate >= 0.1 ? rate.toFixed(1) : rate.toPrecision(2);
}
