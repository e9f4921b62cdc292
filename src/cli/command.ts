import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;
import { FrontlineError } from '../errors.js';

/** Where a command writes: one call per line, without the newline. */
export interface Out {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Resolves to the exit code, or to nothing for 0 (a command that finds problems, like `validate`, returns 1). */
// biome-ignore lint/suspicious/noConfusingVoidType: a command that returns nothing exits 0, and void says so
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

/** The values `parseArgs` gives for `options`: a string option is a string, a multiple one an array, a flag a boolean. */
export type OptionValues<T extends ParseArgsOptions> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>>['values'];

/**
 * Parses a command's options strictly, keeping their types (a `multiple` string option is
 * `string[] | undefined`, a flag `boolean | undefined`); unknown options and missing values are
 * `USAGE` errors.
 */
export function parseOptions<const T extends ParseArgsOptions>(
  args: string[],
  options: T,
  allowPositionals = false,
): { values: OptionValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (!allowPositionals && parsed.positionals.length > 0) {
      throw new TypeError(`Unexpected argument '${parsed.positionals[0]}'. This command does not take positional arguments`);
    }
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (cause) {
    throw new FrontlineError('USAGE', (cause as Error).message, { cause });
  }
}
