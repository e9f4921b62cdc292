#!/usr/bin/env node
import module from 'node:module';

// Node 22.1 and later can keep the code it compiled on disk, so the next run of the command
// starts without compiling it again. The cache goes where Node keeps it by default (the system's
// temporary folder, or NODE_COMPILE_CACHE), never into the installed package, which may not be
// writable; Node versions without it run as before. Enabled before anything else is loaded,
// so that every module of the command is cached.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { run } = await import('./run.js');

// A reader that stops early (`frontline export pack | head -c1`) closes the pipe: the rest of
// the output has nowhere to go and nothing is wrong, so end quietly instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
});
