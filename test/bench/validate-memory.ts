/**
 * One `validate` in a fresh process, for the memory figures of test/bench/validate.ts. Run with
 * `--expose-gc --trace-gc`: it parses the file, collects garbage (a GC line marked `testing`,
 * whose result is the heap holding the parsed input), validates, notes the ArrayBuffer memory
 * then held, and collects again (a second `testing` line, whose starting size is the heap at the
 * end of the call). V8 prints a line for every collection in between; the parent reads them.
 * The result goes to stderr as JSON, stdout being V8's.
 */
import { readFileSync, writeSync } from 'node:fs';
import { validate } from '../../src/kernel/validate.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const text = readFileSync(process.argv[2]!, 'utf8');
const input: unknown = JSON.parse(text);
gc();
const before = process.memoryUsage();
const findings = validate(input);
const after = process.memoryUsage();
gc();
writeSync(
  2,
  `${JSON.stringify({ bytes: Buffer.byteLength(text), heapParsed: before.heapUsed, arrayBuffers: after.arrayBuffers - before.arrayBuffers, findings: findings.length })}\n`,
);
