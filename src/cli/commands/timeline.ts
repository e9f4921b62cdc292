import type { Feature } from 'geojson';
import { FrontlineError } from '../../errors.js';
import { csvCell } from '../../export/csv.js';
import type { FlatGeobufWriter } from '../../export/flatgeobuf.js';
import type { SnapshotReading, TimelineFallback, TimelineRow, TimelineStep } from '../../model/timeline.js';
import { PERIOD_UNITS, timelinePeriods, type PeriodUnit } from '../../model/timeline-periods.js';
import { timelineStepsOf } from '../../model/timeline.js';
import type { TimelineRegionRow } from '../../model/timeline-regions.js';
import type { TimelineOptions } from '../../sources/timeline-source.js';
import { readTimelineFiles, runTimelineInWorkers, timelineFileList } from '../../node/timeline-files.js';
import { isStandardOutput, openOutput, type OutputFile } from '../../node/write.js';
import { parseOptions, type CommandRun, type Out } from '../command.js';
import { lineOutput, writeText, type LineOutput } from '../output.js';
import { formatKm2, formatTable, printable } from '../table.js';
import { maxThreads, readersOption, TIMELINE_INPUT_OPTIONS, timelineInput } from '../timeline-input.js';
import { csvNumber, periodsCsv, periodsTable, readingLines, regionCsv, regionTable, timelineJson } from '../timeline-output.js';

export { csvNumber };

export const run: CommandRun = async (args, out) => {
  const { values, positionals } = parseOptions(
    args,
    {
      csv: { type: 'string' },
      json: { type: 'string' },
      changes: { type: 'string' },
      'changes-format': { type: 'string' },
      quiet: { type: 'boolean' },
      workers: { type: 'string' },
      by: { type: 'string' },
      readings: { type: 'string' },
      ...TIMELINE_INPUT_OPTIONS,
    },
    true,
  );
  if (positionals.length !== 1) throw new FrontlineError('USAGE', `timeline takes one directory of snapshots, got ${positionals.length} arguments`);
  // Threads beyond the cores only add the cost of starting them (about 0.3 s and 30 MB each):
  // twice the cores (at least 4, at most 16) leaves room for that mistake, not for a hundred.
  const maxWorkers = maxThreads();
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > maxWorkers) {
    throw new FrontlineError(
      'USAGE',
      `--workers must be a whole number from 1 to ${maxWorkers} (twice the cores of this machine, at least 4, at most 16), got ${JSON.stringify(values.workers)}`,
    );
  }
  const by = values.by as string | undefined;
  if (by !== undefined && !PERIOD_UNITS.includes(by as PeriodUnit))
    throw new FrontlineError('USAGE', `--by must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(by)}`);
  if (values.csv !== undefined && values.json !== undefined && values.csv === values.json)
    throw new FrontlineError('USAGE', '--csv and --json name the same file');
  const input = timelineInput(values);
  const loaded = input.profile;
  const area = input.areaOfInterest;
  const regions = input.options.regions;
  const options: TimelineOptions = { ...input.options, changes: typeof values.changes === 'string' };
  const quiet = values.quiet === true;
  const { files, superseded } = timelineFileList(positionals[0]!, options);
  const readers = readersOption(values);

  const rows: TimelineRow[] = [];
  const regionRows: TimelineRegionRow[] = [];
  const fallbacks: TimelineFallback[] = [];
  const warnings: string[] = [];
  const readings: SnapshotReading[] = [];
  let keyed = false;
  const changes = typeof values.changes === 'string' ? await changesWriter(values.changes, values['changes-format'], out) : undefined;
  const progress = !quiet && process.stderr.isTTY ? new ProgressBar(files.length, process.stderr) : undefined;
  const onStep = (step: TimelineStep): void => {
    rows.push(...step.rows);
    for (const r of step.regionRows) regionRows.push(r);
    fallbacks.push(...step.fallbacks);
    warnings.push(...step.warnings);
    readings.push(step.reading);
    keyed ||= step.keyed;
    for (const feature of step.changes) changes!.write(feature);
    progress?.tick(step.date);
  };
  try {
    // Regions are carried from date to date, so a run split by date range would start each
    // range afresh; with regions the dates stay on one thread (reading can still run beside it).
    const ranges = workers > 1 && files.length > 2 && !regions;
    const parallel = ranges && (await runTimelineInWorkers(files, options, workers, onStep));
    if (ranges && !parallel) out.stderr('frontline: no timeline worker script in this build; running on one thread');
    if (workers > 1 && regions && !quiet) out.stderr('frontline: with --regions the dates run on one thread (--workers ignored)');
    if (!parallel) for await (const step of timelineStepsOf(readTimelineFiles(files, options, readers), options)) onStep(step);
    changes?.close();
  } catch (error) {
    changes?.abandon();
    throw error;
  } finally {
    progress?.finish();
  }

  if (!quiet) {
    for (const s of superseded)
      out.stderr(`frontline: ${printable(s.file)}: a later capture of ${s.date} is kept (${printable(s.keptFile)}); this one is left out`);
    if (loaded || area) for (const line of readingLines(readings)) out.stderr(`frontline: read ${printable(line)}`);
  }
  for (const w of warnings) out.stderr(`frontline: warning: ${printable(w)}`);
  for (const f of fallbacks) out.stderr(`frontline: ${f.previousDate} → ${f.date} "${f.controller}": recomputed with the full overlay (${f.reason})`);
  const steps = new Set(rows.map((r) => r.date)).size - 1;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `${plural(files.length, 'snapshot')}, ${plural(steps, 'step')}; ${fallbacks.length} recomputed with the full overlay`;
  const single = options.controller !== undefined || !keyed;
  const periods = by !== undefined ? timelinePeriods(rows, by as PeriodUnit, regionRows) : undefined;
  if (typeof values.readings === 'string') {
    writeText(values.readings, `${JSON.stringify({ profile: loaded?.profile.name ?? null, readings }, null, 1)}\n`, out);
  }
  if (typeof values.json === 'string') {
    const bytes = writeText(
      values.json,
      timelineJson({
        rows,
        regionRows,
        ...(periods ? { periods } : {}),
        readings,
        fallbacks,
        superseded,
        ...(loaded ? { profile: loaded.profile.name } : {}),
        ...(input.regions ? { regions: input.regions } : {}),
      }),
      out,
    );
    if (!quiet && bytes > 0) out.stderr(`frontline: wrote ${values.json} (${summary})`);
  }
  if (typeof values.csv === 'string') {
    const text = periods ? periodsCsv(periods) : regions ? regionCsv(rows, regionRows) : timelineCsv(rows, single);
    const bytes = writeText(values.csv, text, out);
    if (!quiet && bytes > 0) out.stderr(`frontline: wrote ${values.csv} (${summary})`);
  }
  if (typeof values.csv !== 'string' && typeof values.json !== 'string') {
    if (periods) {
      out.stdout(
        `Timeline by ${by}: gained, lost and net change over the steps ending in each ${by}, area held at its last snapshot (km², WGS84 ellipsoid, geodesic edges)\n`,
      );
      out.stdout(periodsTable(periods));
      const gaps = periods.periods.filter((p) => p.missing.length > 0);
      if (gaps.length > 0)
        out.stdout(
          `\nDays without a snapshot: ${gaps.map((p) => `${p.period} ${p.days - p.snapshots.length} of ${p.days}`).join(', ')} (the step after a gap carries its changes).`,
        );
    } else {
      out.stdout('Timeline: area per controller and date, and what changed since the previous date (km², WGS84 ellipsoid, geodesic edges)\n');
      out.stdout(regions ? regionTable(rows, regionRows) : timelineTable(rows));
    }
    out.stdout(`\n${summary}.`);
  }
  if (changes && !quiet && !changes.toStdout) out.stderr(`frontline: wrote ${changes.file} (${changes.count} features)`);
};

/**
 * Where `--changes` goes: GeoJSON, or FlatGeobuf for `--changes-format flatgeobuf` or a `.fgb`
 * file (its writer loaded only then).
 */
async function changesWriter(file: string, format: string | undefined, out: Out): Promise<FeatureWriter | FlatGeobufChanges> {
  const chosen = format ?? (file.toLowerCase().endsWith('.fgb') ? 'flatgeobuf' : 'geojson');
  if (chosen === 'geojson') return new FeatureWriter(lineOutput(file, out));
  if (chosen === 'flatgeobuf') {
    const { FlatGeobufWriter } = await import('../../export/flatgeobuf.js');
    return new FlatGeobufChanges(file, new FlatGeobufWriter('changes'));
  }
  throw new FrontlineError('USAGE', `--changes-format must be geojson or flatgeobuf, got "${chosen}"`);
}

/**
 * The rows as CSV. One controller: `date,area_km2,gained_km2,lost_km2`, the shape of the
 * DeepState reference file (date YYYYMMDD, gained and lost empty on the first date); several:
 * `date,controller,area_km2,gained_km2,lost_km2,net_km2,cumulative_net_km2`. Lines end in CRLF, as
 * RFC 4180 and Python's csv module write them.
 */
export function timelineCsv(rows: TimelineRow[], single: boolean): string {
  const lines = single ? ['date,area_km2,gained_km2,lost_km2'] : ['date,controller,area_km2,gained_km2,lost_km2,net_km2,cumulative_net_km2'];
  for (const r of rows) {
    const date = r.date.replaceAll('-', '');
    const rest = [csvNumber(r.areaKm2), csvNumber(r.gainedKm2), csvNumber(r.lostKm2)];
    lines.push(single ? [date, ...rest].join(',') : [date, csvCell(r.controller), ...rest, csvNumber(r.netKm2), csvNumber(r.cumulativeNetKm2)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function timelineTable(rows: TimelineRow[]): string {
  const km2 = (v: number | null): string => (v === null ? '' : formatKm2(v, 3));
  return formatTable(
    ['date', 'controller', 'area_km2', 'gained_km2', 'lost_km2', 'net_km2', 'cumulative_net_km2'],
    rows.map((r) => [r.date, r.controller, km2(r.areaKm2), km2(r.gainedKm2), km2(r.lostKm2), km2(r.netKm2), km2(r.cumulativeNetKm2)]),
    [false, false, true, true, true, true, true],
  );
}

/** Streams features into a GeoJSON FeatureCollection, one feature a line, as they come. */
class FeatureWriter {
  count = 0;

  constructor(private readonly output: LineOutput) {
    output.line('{"type":"FeatureCollection","features":[');
  }

  get file(): string {
    return this.output.file;
  }

  get toStdout(): boolean {
    return this.output.toStdout;
  }

  write(feature: unknown): void {
    this.output.line(`${this.count === 0 ? '' : ','}${JSON.stringify(feature)}`);
    this.count++;
  }

  close(): void {
    this.output.line(']}');
    this.output.commit();
  }

  abandon(): void {
    this.output.abandon();
  }
}

/**
 * Collects the changes into one FlatGeobuf file, indexed, written when the timeline is done (the
 * index needs every feature's box); the output is opened at once, so an unwritable destination
 * fails before the work.
 */
class FlatGeobufChanges {
  private readonly output: OutputFile;
  readonly toStdout: boolean;

  constructor(
    readonly file: string,
    private readonly writer: FlatGeobufWriter,
  ) {
    this.toStdout = isStandardOutput(file);
    if (this.toStdout && process.stdout.isTTY)
      throw new FrontlineError('USAGE', 'FlatGeobuf is binary and standard output is a terminal: give --changes a file');
    this.output = openOutput(file);
  }

  get count(): number {
    return this.writer.count;
  }

  write(feature: unknown): void {
    this.writer.add(feature as Feature);
  }

  close(): void {
    this.output.write(this.writer.finish());
    this.output.commit();
  }

  abandon(): void {
    this.output.abandon();
  }
}

/**
 * A progress bar on a terminal: drawn only once a run has lasted a second, at most ten times
 * a second, and wiped at the end.
 */
class ProgressBar {
  private done = 0;
  private drawn = false;
  private lastDraw = 0;
  private readonly start = Date.now();

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  tick(label: string): void {
    this.done++;
    const now = Date.now();
    if (now - this.start < 1000 || (now - this.lastDraw < 100 && this.done < this.total)) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 40));
    const filled = Math.round((width * this.done) / this.total);
    const seconds = ((now - this.start) / 1000).toFixed(1);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${label} ${seconds} s`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write(`\r${' '.repeat(Math.max(0, (this.stream.columns ?? 80) - 1))}\r`);
  }
}
