// Entry of the `atariari` command: parses the command line, loads --config,
// runs the command and turns errors into one line and an exit code.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { pipelineCommand } from "./commands/pipeline.ts";
import { renderCommand } from "./commands/render.ts";
import { reportCommand } from "./commands/report.ts";
import { romsCommand } from "./commands/roms.ts";
import type { CliIo, CommandContext } from "./context.ts";
import { CliError } from "./errors.ts";
import { helpText } from "./help.ts";
import { COMMANDS, parseArgs, parseConfig, resolveOptions, type Command, type Options } from "./options.ts";

/** Runs one command line; returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    if (argv[0] === "help") {
      const topic = argv[1];
      const known = (COMMANDS as readonly string[]).includes(topic ?? "");
      io.stdout.write(helpText(known ? (topic as Command) : undefined));
      return 0;
    }
    const parsed = parseArgs(argv);
    if (parsed.values.help) {
      io.stdout.write(helpText(argv.length > 0 && !argv[0].startsWith("-") ? parsed.command : undefined));
      return 0;
    }
    const configPath = parsed.values.config;
    const configValues = configPath ? loadConfig(configPath, parsed.command, io.cwd) : {};
    const options = resolveOptions(parsed.command, parsed.values, configValues);
    return await runCommand(parsed.command, { options, io });
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`atariari: error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`atariari: failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function runCommand(command: Command, context: CommandContext): Promise<number> {
  switch (command) {
    case "roms":
      return romsCommand(context);
    case "report":
      return reportCommand(context);
    case "render":
      return renderCommand(context);
    default:
      return pipelineCommand(context, command);
  }
}

function loadConfig(path: string, command: Command, cwd: string): Partial<Options> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new CliError(`cannot read config file ${full} (${code}); check the --config path`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`invalid JSON in config file ${full}: ${(error as Error).message}`);
  }
  return parseConfig(data, command, full);
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
