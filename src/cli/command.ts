import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FrontlineError } from '../errors.js';

/** Where a command writes: one call per line, without the newline. */
export interface Out {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** One `frontline` sub-command: a thin parser over library calls. */
export interface Command {
  name: string;
  /** Options and arguments, as shown in the usage text. */
  usage: string;
  /** What it does, in a line. */
  summary: string;
  /** Resolves to the exit code, or to nothing for 0 (a command that finds problems, like `validate`, returns 1). */
  run(args: string[], out: Out): void | number | Promise<void | number>;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Parses a command's options strictly; unknown options and missing values are `USAGE` errors. */
export function parseOptions(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  allowPositionals = false,
): { values: OptionValues; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (cause) {
    throw new FrontlineError('USAGE', (cause as Error).message, { cause });
  }
}
