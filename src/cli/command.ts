import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FrontlineError } from '../errors.js';

/** Where a command writes: one call per line, without the newline. */
export interface Out {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Resolves to the exit code, or to nothing for 0 (a command that finds problems, like `validate`, returns 1). */
export type CommandRun = (args: string[], out: Out) => void | number | Promise<void | number>;

/**
 * One `frontline` sub-command as the usage text lists it. Its code is loaded only when it
 * runs, so that `frontline --help` and each command start without loading the others.
 */
export interface CommandSpec {
  name: string;
  /** Options and arguments, as shown in the usage text. */
  usage: string;
  /** What it does, in a line. */
  summary: string;
  /** `frontline <command> --help`: what each argument and option does. */
  help: string;
  load(): Promise<{ run: CommandRun }>;
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
