import { FrontlineError } from '../errors.js';
import { packageVersion } from '../node/paths.js';
import { OutputClosed } from '../node/write.js';
import type { CommandSpec, Out } from './command.js';
import { COMMANDS } from './commands/index.js';
import { printable } from './table.js';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.usage}\n  ${' '.repeat(width)}  ${c.summary}`);
  return [
    'Usage: frontline <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'frontline <command> --help tells more of one command; frontline --version prints the version.',
    'Environment: FRONTLINE_FONT (a TTF/OTF file to set map text in).',
  ].join('\n');
}

function commandHelp(command: CommandSpec): string {
  return `Usage: frontline ${command.name} ${command.usage}\n\n${command.summary}.\n\n${command.help}`;
}

const HELP = new Set(['--help', '-h']);

/**
 * Runs the CLI; resolves to the exit code: 0 done, 1 problems found (`validate`), 2 unusable input or usage (one line on
 * stderr, `frontline: <CODE>: <message>`), 70 an internal error. Never throws.
 */
export async function run(argv: string[], out: Out): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name) || name === 'help') {
    out.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  try {
    if (name === '--version' || name === '-v' || name === 'version') {
      out.stdout(packageVersion());
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command)
      throw new FrontlineError('USAGE', `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; frontline --help tells more)`);
    if (rest.some((a) => HELP.has(a))) {
      out.stdout(commandHelp(command));
      return 0;
    }
    const code = await (await command.load()).run(rest, out);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof OutputClosed) return 0;
    if (error instanceof FrontlineError) {
      out.stderr(`frontline: ${error.code}: ${oneLine(error.message)}`);
      return 2;
    }
    // A bug, not bad input: still one line, so that scripts reading stderr see one line.
    out.stderr(`frontline: INTERNAL: ${oneLine((error as Error)?.message ?? String(error))}`);
    return 70;
  }
}

/** A message on one line, with any control character from the data made visible. */
function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' '));
}
