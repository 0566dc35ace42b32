/**
 * An error the command reports as one line, without a stack trace. `exitCode`
 * is 2 for invalid command lines (as argparse uses) and 1 for failures.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A missing part of the pipeline: exit code 3 so scripts can tell it apart. */
export class NotAvailableError extends CliError {
  constructor(what: string, missing: string) {
    super(`${what} is not available yet: ${missing}`, 3);
    this.name = "NotAvailableError";
  }
}
