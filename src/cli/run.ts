import { FrontlineError } from '../errors.js';
import type { Out } from './command.js';
import { COMMANDS } from './commands/index.js';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.usage}\n  ${' '.repeat(width)}  ${c.summary}`);
  return `Usage: frontline <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nEnvironment: FRONTLINE_UPSTREAM (upstream sources), FRONTLINE_PACK (pack file).`;
}

/**
 * Runs the CLI; resolves to the exit code: 0 done, 1 problems found (`validate`), 2 unusable input or usage (one line on
 * stderr, `frontline: <CODE>: <message>`), 70 an internal error. Never throws.
 */
export async function run(argv: string[], out: Out): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new FrontlineError('USAGE', `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    const code = await command.run(rest, out);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof FrontlineError) {
      out.stderr(`frontline: ${error.code}: ${oneLine(error.message)}`);
      return 2;
    }
    // A bug, not bad input: still one line, so that scripts reading stderr see one line.
    out.stderr(`frontline: INTERNAL: ${oneLine((error as Error)?.message ?? String(error))}`);
    return 70;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
