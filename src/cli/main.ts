#!/usr/bin/env node
import { run } from './run.js';

// A reader that stops early (`frontline export pack | head -c1`) closes the pipe: the rest of
// the output has nowhere to go and nothing is wrong, so end quietly instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
}).then((code) => {
  process.exitCode = code;
});
