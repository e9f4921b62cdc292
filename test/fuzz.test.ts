/**
 * Fuzzing: seeded bad inputs against the library's entry points and every CLI command. Nothing
 * may throw anything but a FrontlineError (`validate` nothing at all), no result may be a lie
 * (an area that is not a finite number ≥ 0), and the CLI must answer every bad input with one
 * line on stderr and exit code 2 (or 0/1 from `validate`), never a stack trace or INTERNAL.
 *
 * `FRONTLINE_FUZZ_CASES` generated inputs (default 2,000) go to the library; each CLI command
 * gets the fixed bad files and `FRONTLINE_FUZZ_CLI_PER_SLOT` generated ones (default 12) in every
 * file or value slot its usage line shows. `FRONTLINE_FUZZ_SEED` picks the inputs; `npm run
 * fuzz` raises the counts. The CLI loop reads the commands from COMMANDS, so commands added
 * later are fuzzed too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands/index.js';
import { run } from '../src/cli/run.js';
import { FrontlineError } from '../src/errors.js';
import { area } from '../src/kernel/area.js';
import { difference, intersection, union } from '../src/kernel/overlay.js';
import { repair } from '../src/kernel/repair.js';
import { validate } from '../src/kernel/validate.js';
import { diffSnapshots } from '../src/model/diff.js';
import { loadPack } from '../src/model/layer.js';
import { snapshotFromGeoJSON } from '../src/sources/snapshot-file.js';
import { ControlSnapshot } from '../src/model/snapshot.js';
import { FIXED_FILES, SNAPSHOT_FC, STRINGS, badBytes, badValue, pick, square, toText, type Rng } from './support/arbitraries.js';
import { mulberry32 } from './support/random.js';

const CASES = Number(process.env.FRONTLINE_FUZZ_CASES ?? 2000);
const PER_SLOT = Number(process.env.FRONTLINE_FUZZ_CLI_PER_SLOT ?? 12);
const SEED = Number(process.env.FRONTLINE_FUZZ_SEED ?? 1994);

// ---------------------------------------------------------------------------------------
// The library

function expectFrontlineErrorOr<T>(what: string, input: unknown, call: () => T, check?: (result: T) => void): void {
  let result: T;
  try {
    result = call();
  } catch (error) {
    if (!(error instanceof FrontlineError)) {
      throw new Error(
        `${what} threw ${(error as Error)?.constructor?.name ?? typeof error}: ${(error as Error)?.message} on input ${toText(input).slice(0, 300)}`,
      );
    }
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(typeof error.message).toBe('string');
    return;
  }
  check?.(result);
}

const validSnapshot = () => snapshotFromGeoJSON(SNAPSHOT_FC(), 'valid');

describe(`fuzz: the library (${CASES} generated inputs, seed ${SEED})`, () => {
  it('throws nothing but FrontlineErrors, validate nothing at all, and returns no impossible area', () => {
    const rng = mulberry32(SEED);
    const a = validSnapshot();
    const meta = { id: 'fuzz', date: '2020-01-01', label: 'fuzz', sources: ['fuzz'] };
    const counts = { thrown: 0, returned: 0 };
    for (let i = 0; i < CASES; i++) {
      const input = badValue(rng);
      let findings: ReturnType<typeof validate>;
      try {
        findings = validate(input);
      } catch (error) {
        throw new Error(`validate threw ${(error as Error)?.message} on input ${toText(input).slice(0, 300)}`);
      }
      expect(Array.isArray(findings)).toBe(true);
      const finite = (x: number) => expect(Number.isFinite(x) && x >= 0, `area ${x} of ${toText(input).slice(0, 200)}`).toBe(true);
      expectFrontlineErrorOr('area', input, () => area(input as never), finite);
      expectFrontlineErrorOr('area (spherical)', input, () => area(input as never, { method: 'spherical' }), finite);
      expectFrontlineErrorOr('area (bad method)', input, () => area(input as never, { method: pick(rng, STRINGS) as never }), finite);
      expectFrontlineErrorOr(
        'repair',
        input,
        () => repair(input),
        (r) => {
          expect(r.remaining).toEqual(validate(r.geojson).filter((f) => f.severity !== 'info'));
          expect(Number.isFinite(r.areaChangeM2)).toBe(true);
        },
      );
      expectFrontlineErrorOr('loadPack', input, () => loadPack(input));
      expectFrontlineErrorOr(
        'snapshotFromGeoJSON',
        input,
        () => snapshotFromGeoJSON(input, 'fuzz'),
        (s) => {
          for (const c of s.controllers) finite(s.areaKm2(c));
        },
      );
      expectFrontlineErrorOr('ControlSnapshot', input, () => new ControlSnapshot(input as never));
      expectFrontlineErrorOr(
        'ControlSnapshot geometry',
        input,
        () => new ControlSnapshot({ ...meta, controllers: [{ controller: 'x', geometry: input as never }] }),
      );
      expectFrontlineErrorOr('diffSnapshots (snapshot)', input, () => diffSnapshots(input as never, a));
      expectFrontlineErrorOr('diffSnapshots (regions)', input, () => diffSnapshots(a, a, { regions: input as never }));
      expectFrontlineErrorOr('diffSnapshots (region geometry)', input, () =>
        diffSnapshots(a, a, { regions: [{ id: 'r', name: 'r', geometry: input as never }] }),
      );
      const valid: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(46.5, 39.5, 0.1).coordinates] };
      expectFrontlineErrorOr('union', input, () => union(input as never));
      expectFrontlineErrorOr('intersection', input, () => intersection(valid, input as never));
      expectFrontlineErrorOr('difference', input, () => difference(input as never, valid));
      counts.returned++;
    }
    expect(counts.returned).toBe(CASES);
    // No key of any input reached a prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Array.prototype)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The CLI

interface Slot {
  /** `--name` for an option, null for a positional argument. */
  option: string | null;
  placeholder: string;
}

/** Options and positionals of a command, read from its usage line. */
function slotsOf(usage: string): { slots: Slot[]; flags: string[] } {
  const slots: Slot[] = [];
  const flags: string[] = [];
  const tokens = usage
    .replace(/[[\]]/g, (b) => ` ${b} `)
    .split(/\s+/)
    .filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith('--')) {
      const next = tokens[i + 1];
      if (next !== undefined && /^[A-Za-z<][\w.,|<>-]*$/.test(next) && next !== '|') {
        slots.push({ option: t, placeholder: next });
        i++;
      } else flags.push(t);
    } else if (/^<.+>$/.test(t) || (/^<[^>]*$/.test(t) && tokens.slice(i).some((x) => x.endsWith('>')))) {
      const end = tokens.findIndex((x, j) => j >= i && x.endsWith('>'));
      slots.push({ option: null, placeholder: tokens.slice(i, end + 1).join(' ') });
      i = end;
    } else if (t === '[' && tokens[i + 1] && !tokens[i + 1]!.startsWith('-') && !tokens[i + 1]!.startsWith('[')) {
      const end = tokens.indexOf(']', i);
      if (end > i + 1) slots.push({ option: null, placeholder: tokens.slice(i + 1, end).join(' ') });
      i = end;
    }
  }
  return { slots, flags };
}

const BAD_STRINGS = [
  '',
  '-',
  '--',
  '-1',
  '0',
  'NaN',
  '1e400',
  'abc',
  '9'.repeat(400),
  '2020-13-45',
  '__proto__',
  'a..b',
  '../../../../etc/passwd',
  'line\nbreak',
  '\u0000',
  '𝔘𝔫𝔦',
];

describe(`fuzz: every CLI command (${COMMANDS.map((c) => c.name).join(', ')})`, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-fuzz-'));
  // Bad strings are also paths relative to the working directory (report --csv 0 writes ./0/):
  // they land in the scratch folder, never in the repository.
  const cwd = process.cwd();
  beforeAll(() => process.chdir(dir));
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });
  // build-data reads its sources from here: nothing, so that it fails fast instead of compiling the pack.
  const emptyUpstream = path.join(dir, 'no-upstream');
  mkdirSync(emptyUpstream);
  let fileCount = 0;
  const file = (bytes: Buffer, ext = '.geojson'): string => {
    const f = path.join(dir, `f${fileCount++}${ext}`);
    writeFileSync(f, bytes);
    return f;
  };
  const directory = (files: Buffer[]): string => {
    const d = path.join(dir, `d${fileCount++}`);
    mkdirSync(d);
    files.forEach((b, i) => writeFileSync(path.join(d, `2020-01-0${(i % 9) + 1}.geojson`), b));
    return d;
  };

  /** Values for a slot: bad files (fresh for each case, since a command may write to them), bad directories, bad strings. */
  function valuesFor(slot: Slot, rng: Rng): (() => string)[] {
    const fixed: (() => string)[] = FIXED_FILES.map(
      ([name, bytes]) =>
        () =>
          file(bytes, name === 'topology-bad-arcs' ? '.json' : '.geojson'),
    );
    const generated: (() => string)[] = Array.from({ length: PER_SLOT }, () => {
      const bytes = badBytes(rng);
      return () => file(bytes);
    });
    const paths: (() => string)[] = [
      () => path.join(dir, 'missing', 'nothing.json'),
      () => dir,
      () => directory([]),
      () => directory([FIXED_FILES[4]![1], FIXED_FILES[12]![1], badBytes(rng)]),
    ];
    const strings: (() => string)[] = BAD_STRINGS.map((s) => () => s);
    return [...fixed, ...generated, ...paths, ...strings].filter(() => slot.placeholder !== '');
  }

  for (const command of COMMANDS) {
    it(`${command.name}: one stderr line and exit 2 for every bad input (exit 0/1 only where the input is usable)`, async () => {
      const { slots, flags } = slotsOf(command.usage);
      const rng = mulberry32(SEED + command.name.length * 7919);
      const cases: string[][] = [[], ['--fuzz-unknown-option'], ['--'], ...flags.map((f) => [f]), ...slots.filter((s) => s.option).map((s) => [s.option!])];
      const lazy: (() => string[])[] = [];
      for (const slot of slots) {
        for (const value of valuesFor(slot, rng)) {
          lazy.push(() => (slot.option ? [slot.option, value()] : [value()]));
          // A second positional, where one is expected, is a usage error too.
          if (!slot.option && rng() < 0.05) lazy.push(() => [value(), value()]);
        }
      }
      const outcomes = new Map<number, number>();
      const all = [...cases.map((c) => () => c), ...lazy];
      for (const make of all) {
        const args = make();
        const stdout: string[] = [];
        const stderr: string[] = [];
        const saved = { ...process.env };
        process.env.FRONTLINE_UPSTREAM = emptyUpstream;
        let code: number;
        try {
          code = await run([command.name, ...args], { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
        } finally {
          process.env = saved;
        }
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        const shown = `frontline ${command.name} ${args.map((a) => JSON.stringify(a.slice(0, 80))).join(' ')} → ${code}\n${stderr.join('\n').slice(0, 500)}`;
        expect([0, 1, 2], shown).toContain(code);
        if (code === 1) expect(command.name, shown).toBe('validate');
        if (code === 2) {
          expect(stderr, shown).toHaveLength(1);
          expect(stderr[0], shown).toMatch(/^frontline: [A-Z_]+: \S/);
          expect(stderr[0], shown).not.toMatch(/^frontline: INTERNAL/);
        }
        if (command.name === 'validate' && code !== 2) expect(stderr, shown).toEqual([]);
        for (const line of [...stdout, ...stderr]) expect(line, shown).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
      console.log(`frontline ${command.name}: ${all.length} runs in ${slots.length} slots, exit codes ${JSON.stringify(Object.fromEntries(outcomes))}`);
      // Most of it is refused (or, by validate, found invalid): the inputs really are bad.
      expect((outcomes.get(2) ?? 0) + (outcomes.get(1) ?? 0)).toBeGreaterThan(all.length / 2);
      expect(Object.keys(Object.prototype)).toEqual([]);
    });
  }

  it('writing where it cannot (a directory for a file, a file for a directory) is one line and exit 2, on the real pack', async () => {
    const regular = file(Buffer.from('{}'), '.txt');
    // Usable positionals, so that a command gets as far as writing: a directory of snapshots for
    // <dir>, a snapshot for <file>, the first lower-case choice of `a | B | C` (`layers`, `pack`).
    const snapshots = directory([Buffer.from(JSON.stringify(SNAPSHOT_FC())), Buffer.from(JSON.stringify({ ...SNAPSHOT_FC(), date: '2020-12-01' }))]);
    const usable = (placeholder: string): string | undefined => {
      if (/^<dir>$/i.test(placeholder)) return snapshots;
      if (/^<file>$/i.test(placeholder)) return file(Buffer.from(JSON.stringify(SNAPSHOT_FC())));
      return /^[<[]?([a-z][a-z-]*)\s*\|/.exec(placeholder)?.[1];
    };
    let runs = 0;
    for (const command of COMMANDS) {
      const { slots } = slotsOf(command.usage);
      const positionals = slots.filter((s) => !s.option).map((s) => usable(s.placeholder));
      for (const slot of slots) {
        if (!/FILE|DIR|<(dir|file)>/i.test(slot.placeholder)) continue;
        const wantsDirectory = /DIR|<dir>/i.test(slot.placeholder);
        for (const value of wantsDirectory ? [regular] : [dir, path.join(regular, 'below-a-file.json')]) {
          const before = slot.option && positionals.every((p) => p !== undefined) ? (positionals as string[]) : [];
          const args = [command.name, ...before, ...(slot.option ? [slot.option, value] : [value])];
          const stdout: string[] = [];
          const stderr: string[] = [];
          const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
          runs++;
          const shown = `frontline ${args.join(' ')} → ${code}\n${stderr.join('\n').slice(0, 500)}`;
          expect([0, 1, 2], shown).toContain(code);
          if (code === 2) {
            // One error line, last; a note of what was done before the write failed may precede it
            // (an export that rebuilt features snapped invalid says so).
            const errorLines = stderr.filter((line) => /^frontline: [A-Z_]+: \S/.test(line));
            expect(errorLines, shown).toHaveLength(1);
            expect(stderr[stderr.length - 1], shown).toBe(errorLines[0]);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(10);
  });

  it('reads every command and slot from the usage lines', () => {
    const validateSlots = slotsOf(COMMANDS.find((c) => c.name === 'validate')!.usage);
    expect(validateSlots.slots).toEqual([{ option: null, placeholder: '<file>' }]);
    expect(validateSlots.flags).toEqual(['--json', '--strict', '--self-touching-holes']);
    const report = slotsOf(COMMANDS.find((c) => c.name === 'report')!.usage);
    expect(report.slots.map((s) => s.option)).toEqual(expect.arrayContaining(['--csv', '--pack', '--snapshot-file', '--chain']));
    expect(report.flags).toContain('--json');
  });
});
