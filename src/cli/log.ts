// The JSON-lines log of a run: one object per line with the time, the event
// name and its fields, appended to log.jsonl in the output folder.

import { appendFileSync } from "node:fs";
import { join } from "node:path";

export const LOG_FILE = "log.jsonl";

/** Appends events to `dir`/log.jsonl; each line is written whole. */
export class JsonLinesLog {
  readonly path: string;

  constructor(dir: string, private readonly clock: () => Date = () => new Date()) {
    this.path = join(dir, LOG_FILE);
  }

  /** Appends one event. Non-finite numbers are written as null, as JSON requires. */
  write(event: string, fields: Record<string, unknown> = {}): void {
    const record = { time: this.clock().toISOString(), event, ...fields };
    appendFileSync(this.path, JSON.stringify(record) + "\n");
  }
}
