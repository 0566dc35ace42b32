// Help text of the `atariari` command, generated from the flag table so
// that every flag is explained with its unit and default.

import {
  COMMANDS,
  DEFAULTS,
  FLAGS,
  QUICK_PRESET,
  type Command,
  type FlagSpec,
  type Options,
} from "./options.ts";

const SUMMARIES: Record<Command, string> = {
  run: "the main job: collect frames, train the encoder, probe it, write the report",
  collect: "collect episodes with a random agent and save them with their labels",
  train: "train an encoder on collected episodes and save a checkpoint",
  probe: "train linear probes on an encoder's features and save the scores",
  report: "write results.md and the plots from results.json in --out",
  roms: "list the ROM files found and the games they hold",
  render: "write frames of a game played by a random agent as PNG files (alias: play)",
};

const WIDTH = 80;

/** Returns the help text, for one command or (with none) for all of them. */
export function helpText(command?: Command): string {
  const lines: string[] = [];
  if (command === undefined) {
    lines.push("Usage: atariari [command] [flags]", "");
    lines.push("AtariARI probing benchmark and ST-DIM on WebAssembly and WebGPU.", "");
    lines.push("Commands (default: run):");
    for (const name of COMMANDS) lines.push(`  ${name.padEnd(9)}${SUMMARIES[name]}`);
    lines.push("", "Flags (each command accepts the ones it uses):");
  } else {
    lines.push(`Usage: atariari ${command} [flags]`, "", wrap(SUMMARIES[command], 0), "");
    lines.push("Flags:");
  }
  for (const spec of FLAGS) {
    if (command !== undefined && spec.commands && !spec.commands.includes(command)) continue;
    lines.push(...flagHelp(spec));
  }
  lines.push("", "--quick sets:");
  for (const [key, value] of Object.entries(QUICK_PRESET)) {
    const spec = FLAGS.find((flag) => flag.key === key && flag.negate !== true)!;
    lines.push(`  --${spec.flag} ${value}`);
  }
  lines.push(
    "",
    "Values come from, in increasing priority: defaults, --quick, --config, the",
    "command line. Exit codes: 0 success, 1 failure, 2 invalid command line,",
    "3 a part of the pipeline that is not available yet.",
  );
  return lines.join("\n") + "\n";
}

function flagHelp(spec: FlagSpec): string[] {
  const value = spec.type === "boolean" ? "" : ` ${placeholder(spec)}`;
  const head = `  --${spec.flag}${value}`;
  const details = [spec.help];
  if (spec.unit !== undefined) details.push(`Unit: ${spec.unit}.`);
  const fallback = spec.negate === true ? "" : describeDefault(spec.key);
  if (fallback !== "") details.push(`Default: ${fallback}.`);
  const text = details.join(". ").replace(/\.\. /g, ". ");
  return [head, wrap(text, 6)];
}

function placeholder(spec: FlagSpec): string {
  if (spec.type === "choice") return spec.choices!.join("|");
  if (spec.type === "path") return spec.flag === "rom-dir" || spec.flag === "out" ? "DIR" : "FILE";
  if (spec.type === "string") return "NAME";
  return "N";
}

function describeDefault(key: keyof Options): string {
  const value = DEFAULTS[key];
  if (value === null) return key === "encoder" ? "" : "none";
  if (typeof value === "boolean") return value ? "on" : "off";
  return String(value);
}

function wrap(text: string, indent: number): string {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && pad.length + line.length + 1 + word.length > WIDTH) {
      lines.push(pad + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(pad + line);
  return lines.join("\n");
}
