/**
 * One `frontline timeline` run in a fresh process, for test/bench/timeline.ts: runs the
 * command on a directory (extra arguments passed on) and prints wall time, CPU time, peak RSS
 * and the number of snapshot files as JSON. The bench bundles it with the worker script, as
 * the built CLI ships, so that neither pays for compiling TypeScript.
 */
import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run as timeline } from '../../src/cli/commands/timeline.js';

const [dir, ...extra] = process.argv.slice(2);
const out = path.join(os.tmpdir(), `frontline-bench-child-${process.pid}.csv`);
const cpu = process.cpuUsage();
const t0 = performance.now();
await timeline([dir!, '--csv', out, '--quiet', ...extra], { stdout: () => {}, stderr: (s) => console.error(s) });
const wallMs = performance.now() - t0;
const used = process.cpuUsage(cpu);
rmSync(out, { force: true });
process.stdout.write(
  JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, snapshots: readdirSync(dir!).length }),
);
