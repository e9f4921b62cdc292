import { FrontlineError } from '../errors.js';
import { isStandardOutput, openOutput, writeOutput, type OutputFile } from '../node/write.js';
import type { Out } from './command.js';

/** Text written line by line to a file, or to standard output when the file is `-` or `/dev/stdout`. */
export interface LineOutput {
  readonly file: string;
  /** True when the lines go to standard output, where no "wrote …" note belongs. */
  readonly toStdout: boolean;
  line(text: string): void;
  /** Finishes: the file is renamed into place (see `openOutput`). Returns the bytes written to a file. */
  commit(): number;
  abandon(): void;
}

/** Opens `file` for a command's output through the one writer, or standard output through `out`. */
export function lineOutput(file: string, out: Out): LineOutput {
  if (isStandardOutput(file)) {
    return { file, toStdout: true, line: (text) => out.stdout(text), commit: () => 0, abandon: () => {} };
  }
  const output: OutputFile = openOutput(file);
  return {
    file,
    toStdout: false,
    line: (text) => output.write(`${text}\n`),
    commit: () => output.commit().bytes,
    abandon: () => output.abandon(),
  };
}

/** Writes a whole text (lines without their final newline) with {@link lineOutput}; returns the bytes written to a file. */
export function writeText(file: string, text: string, out: Out): number {
  const output = lineOutput(file, out);
  try {
    output.line(text.endsWith('\n') ? text.slice(0, -1) : text);
  } catch (error) {
    output.abandon();
    throw error;
  }
  return output.commit();
}

/**
 * Writes a binary file (FlatGeobuf) through the one writer, or to standard output when the file
 * is `-` or `/dev/stdout`, unless standard output is a terminal, where bytes would only garble
 * it. Returns the bytes written to a file (0 for standard output).
 */
export function writeBytes(file: string, bytes: Uint8Array, what: string): number {
  if (isStandardOutput(file) && process.stdout.isTTY) {
    throw new FrontlineError('USAGE', `${what} is binary and standard output is a terminal: give a file (--out FILE) or redirect the output`);
  }
  const written = writeOutput(file, bytes);
  return written.inPlace && isStandardOutput(file) ? 0 : written.bytes;
}
