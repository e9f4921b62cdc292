/**
 * What frontline reads and writes on the file system: only regular files are read, and reads
 * are capped by the bytes actually read; every output goes through one writer (a temporary
 * file created exclusively, flushed, renamed into place), never through a symbolic link, with
 * `-` and `/dev/stdout` as standard output and a reader that stops early ending the run quietly.
 * FIFOs, links and devices are made in a temporary folder for each case.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { FrontlineError } from '../src/errors.js';
import { readRegularFile, UnreadableFile } from '../src/node/read-file.js';
import { openOutput, writeOutput } from '../src/node/write.js';
import { repoRoot, samplesDir } from './support/paths.js';

async function cli(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'frontline-files-'));
const fifo = (file: string) => execFileSync('mkfifo', [file]);
const snapshot = JSON.stringify({
  type: 'FeatureCollection',
  date: '2020-01-01',
  features: [
    {
      type: 'Feature',
      properties: { controller: 'a' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    },
  ],
});

describe('reading', () => {
  it('refuses a FIFO or a link to a device wherever a file is read, at once and in one line', async () => {
    const dir = scratch();
    fifo(path.join(dir, 'pipe.geojson'));
    symlinkSync('/dev/zero', path.join(dir, 'zero.geojson'));
    symlinkSync('/dev/urandom', path.join(dir, 'random.json'));
    for (const name of ['pipe.geojson', 'zero.geojson', 'random.json']) {
      const file = path.join(dir, name);
      const kind = name.startsWith('pipe') ? /a FIFO/ : /a character device/;
      for (const args of [
        ['validate', file],
        ['areas', '--pack', file],
        ['report', '--snapshot-file', file],
      ]) {
        const r = await cli(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(/^frontline: FILE_UNREADABLE: /);
        expect(r.stderr).toMatch(kind);
      }
    }
    // In a timeline folder, among regular snapshots.
    const series = path.join(dir, 'series');
    mkdirSync(series);
    writeFileSync(path.join(series, 'a_20200101.geojson'), snapshot);
    fifo(path.join(series, 'b_20200102.geojson'));
    const r = await cli(['timeline', series, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: FILE_UNREADABLE: .*b_20200102\.geojson.*a FIFO/);
  });

  it('counts the bytes it reads, not the size the file system reports', () => {
    // /proc files report a size of 0 and still have content.
    expect(new TextDecoder().decode(readRegularFile('/proc/self/status', 1 << 20))).toMatch(/^Name:/);
    const dir = scratch();
    const file = path.join(dir, 'big.json');
    writeFileSync(file, 'x'.repeat(1000));
    expect(readRegularFile(file, 1000).length).toBe(1000);
    const error = (() => {
      try {
        readRegularFile(file, 999);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnreadableFile);
    expect((error as UnreadableFile).tooLarge).toBe(true);
  });
});

describe('writing', () => {
  it('replaces a file whole, through an exclusive temporary file, leaving no temporary behind', () => {
    const dir = scratch();
    const file = path.join(dir, 'out.csv');
    writeFileSync(file, 'old');
    expect(writeOutput(file, 'new content').bytes).toBe(11);
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('never writes through a symbolic link at the destination', async () => {
    const dir = scratch();
    const target = path.join(dir, 'precious.txt');
    writeFileSync(target, 'keep me');
    const link = path.join(dir, 'out.geojson');
    symlinkSync(target, link);
    for (const args of [
      ['export', 'nkao-1991', '--out', link],
      ['render', 'layers', '--out', path.join(dir, 'map.svg')],
      ['timeline', path.join(samplesDir, 'deepstate'), '--quiet', '--csv', link],
    ]) {
      if (args[0] === 'render') symlinkSync(target, args[3]!);
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^frontline: FILE_UNWRITABLE: .*symbolic link/);
      expect(readFileSync(target, 'utf8')).toBe('keep me');
    }
    expect(readlinkSync(link)).toBe(target);
  });

  it('writes into a device or a FIFO in place, as a shell redirection would', async () => {
    const r = await cli(['export', 'nkao-1991', '--format', 'wkt', '--out', '/dev/null']);
    expect(r.code).toBe(0);
    const full = await cli(['export', 'nkao-1991', '--format', 'wkt', '--out', '/dev/full']);
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/^frontline: FILE_UNWRITABLE: \/dev\/full: cannot write: no space left on the device$/);
  });

  it('takes - and /dev/stdout as standard output', async () => {
    for (const name of ['-', '/dev/stdout']) {
      const r = await cli(['export', 'nkao-1991', '--format', 'wkt', '--out', name]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^MULTIPOLYGON|^POLYGON/);
      expect(r.stderr).toBe('');
      const t = await cli(['timeline', path.join(samplesDir, 'deepstate'), '--quiet', '--csv', name]);
      expect(t.code).toBe(0);
      expect(t.stdout.split('\r\n')[0]).toBe('date,area_km2,gained_km2,lost_km2');
    }
    expect(existsSync('/dev/stdout')).toBe(true);
  });

  it('creates missing folders for every command that writes', async () => {
    const dir = scratch();
    const at = (...parts: string[]) => path.join(dir, ...parts);
    expect((await cli(['export', 'nkao-1991', '--out', at('e', 'f', 'nkao.geojson')])).code).toBe(0);
    expect((await cli(['render', 'layers', '--out', at('r', 's', 'map.svg')])).code).toBe(0);
    expect((await cli(['report', '--csv', at('c', 'd')])).code).toBe(0);
    const series = at('series');
    mkdirSync(series);
    writeFileSync(path.join(series, 'a_20200101.geojson'), snapshot);
    writeFileSync(path.join(series, 'b_20200102.geojson'), snapshot);
    expect((await cli(['timeline', series, '--quiet', '--csv', at('t', 'u', 'rows.csv'), '--changes', at('t', 'v', 'changes.geojson')])).code).toBe(0);
    for (const f of [
      at('e', 'f', 'nkao.geojson'),
      at('r', 's', 'map.svg'),
      at('c', 'd', 'claims.csv'),
      at('t', 'u', 'rows.csv'),
      at('t', 'v', 'changes.geojson'),
    ])
      expect(existsSync(f), f).toBe(true);
    expect(JSON.parse(readFileSync(at('t', 'v', 'changes.geojson'), 'utf8')).type).toBe('FeatureCollection');
  });

  it('leaves the destination whole when the writer is killed, and the next run removes its temporary file', async () => {
    const dir = scratch();
    const file = path.join(dir, 'out.geojson');
    writeFileSync(file, 'the previous, complete file');
    // A writer that writes half its output, says so, and waits to be killed.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import { openOutput } from ${JSON.stringify(path.join(repoRoot, 'src/node/write.ts'))};
         const out = openOutput(${JSON.stringify(file)});
         out.write('{"type":"FeatureCollection","features":[' + 'x'.repeat(1 << 20));
         process.stdout.write('half\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(readFileSync(file, 'utf8')).toBe('the previous, complete file');
    const temporaries = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(temporaries).toHaveLength(1);
    // The next write to the same destination clears what the killed run left.
    const written = writeOutput(file, 'next');
    expect(written.staleRemoved).toBe(1);
    expect(readdirSync(dir)).toEqual(['out.geojson']);
  });

  it('abandons cleanly: the destination as it was, no temporary file', () => {
    const dir = scratch();
    const file = path.join(dir, 'x.csv');
    const out = openOutput(file);
    out.write('partial');
    out.abandon();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder at the destination and a file in the way of a folder, as FILE_UNWRITABLE', () => {
    const dir = scratch();
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, '');
    for (const target of [dir, path.join(blocker, 'below.csv')]) {
      try {
        writeOutput(target, 'x');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(FrontlineError);
        expect((error as FrontlineError).code).toBe('FILE_UNWRITABLE');
      }
    }
  });

  it('ends quietly when its reader stops early (| head -c1)', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx src/cli/main.ts export pack --format geojson | head -c1`], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stdout).toBe('{');
    // Notes about the export may come first; no error, no stack trace after them.
    expect(result.stderr).not.toMatch(/EPIPE|Error|INTERNAL|\n\s+at /);
    const timeline = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" --import tsx src/cli/main.ts timeline "${path.join(samplesDir, 'deepstate')}" --quiet | head -1`],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
    );
    expect(timeline.stdout).toMatch(/^Timeline/);
    expect(timeline.stderr).toBe('');
    expect(timeline.status).toBe(0);
  });
});
