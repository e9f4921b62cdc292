import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FrontlineError } from '../errors.js';
import type { TimelineSnapshot, TimelineStep } from '../model/timeline.js';
import { dateFromName, timestampFromName } from '../sources/dates.js';
import { readTimelineSnapshot, type ReadingOptions, type TimelineOptions, type TimelineSource } from '../sources/timeline-source.js';
import { readRegularFile } from './read-file.js';
import { MAX_JSON_BYTES, readJsonFile } from './read-json.js';
import type { PackedSnapshot, TimelineWorkerMessage, TimelineWorkerTask } from './snapshot-transfer.js';

/** File names a timeline directory is read from. */
const SNAPSHOT_FILE = /\.(geojson|topojson|json)$/i;

const EXPECTED = 'a GeoJSON or TopoJSON snapshot';

/**
 * Parses a JSON file the quick way (one `JSON.parse`), and only when that fails hands it to
 * `readJsonFile` for the diagnosis (empty, binary, truncated, where the syntax error is...).
 * Either way only a regular file is read, and no more than MAX_JSON_BYTES of it.
 */
export function parseTimelineFile(file: string, expected = EXPECTED): unknown {
  let text: string;
  try {
    text = new TextDecoder().decode(readRegularFile(file, MAX_JSON_BYTES));
  } catch {
    return readJsonFile(file, expected);
  }
  try {
    return JSON.parse(text);
  } catch {
    return readJsonFile(file, expected);
  }
}

/** A file of a timeline directory and its date. */
export interface TimelineFile {
  file: string;
  date: string;
}

/** The files of a timeline directory, and those left out because a later file of their day was kept. */
export interface TimelineFileList {
  files: TimelineFile[];
  /** Only with a profile whose date rule says `duplicates: "last"`. */
  superseded: { file: string; date: string; keptFile: string }[];
}

/**
 * The snapshot files of a timeline directory (`*.geojson`, `*.topojson`, `*.json`) in date
 * order. A file's date comes from its name (`…_20240708.geojson`, `…2024-07-08…`, or as the
 * profile's date rule says, e.g. a Unix timestamp); the files whose names carry none are read
 * once to find it in their data.
 *
 * @throws FrontlineError `FILE_UNREADABLE` when the directory cannot be read,
 *   `INVALID_TIMELINE` when it holds no snapshot files or two files share a date (unless the
 *   profile keeps the last of a day).
 */
export function listTimelineFiles(dir: string, options: ReadingOptions = {}): TimelineFile[] {
  return timelineFileList(dir, options).files;
}

/** {@link listTimelineFiles}, with the files superseded by a later capture of their day. */
export function timelineFileList(dir: string, options: ReadingOptions = {}): TimelineFileList {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'is a file, not a directory of snapshots' : (cause as Error).message;
    throw new FrontlineError('FILE_UNREADABLE', `${dir}: ${reason}`, { where: dir, cause });
  }
  const files = names.filter((n) => SNAPSHOT_FILE.test(n)).sort();
  if (files.length === 0) {
    throw new FrontlineError('INVALID_TIMELINE', `${dir}: no snapshot files (*.geojson, *.topojson, *.json)`, { where: dir });
  }
  const format = options.profile?.date?.name;
  const dated = files.map((name) => {
    const file = path.join(dir, name);
    const date = dateFromName(name, format) ?? readTimelineSnapshot({ name, data: parseTimelineFile(file) }, options).date;
    return { file, date, instant: timestampFromName(name, format ?? 'auto') };
  });
  // By date, then by the instant the name gives (a capture time), then by name.
  dated.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : (a.instant ?? 0) - (b.instant ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  const keepLast = options.profile?.date?.duplicates === 'last';
  const kept: TimelineFile[] = [];
  const superseded: TimelineFileList['superseded'] = [];
  for (let i = 0; i < dated.length; i++) {
    const here = dated[i]!;
    const next = dated[i + 1];
    if (next && next.date === here.date) {
      if (!keepLast) {
        throw new FrontlineError(
          'INVALID_TIMELINE',
          `${path.basename(here.file)} and ${path.basename(next.file)} are both dated ${here.date}: a timeline has one snapshot per date`,
          { where: next.file },
        );
      }
      let last = i + 1;
      while (dated[last + 1]?.date === here.date) last++;
      superseded.push({ file: here.file, date: here.date, keptFile: dated[last]!.file });
      continue;
    }
    kept.push({ file: here.file, date: here.date });
  }
  return { files: kept, superseded };
}

/** The files as timeline sources, each read only when the timeline asks for it. */
export function* timelineSources(files: TimelineFile[]): Generator<TimelineSource> {
  for (const { file, date } of files) yield { name: path.basename(file), date, data: parseTimelineFile(file) };
}

/** The areas of the first file, as a parallel run's later ranges measure cumulative change from. */
function baselineOf(first: TimelineFile, options: TimelineOptions): TimelineOptions['baseline'] {
  const snapshot = readTimelineSnapshot({ name: path.basename(first.file), date: first.date, data: parseTimelineFile(first.file) }, options);
  return { date: snapshot.date, areasKm2: Object.fromEntries([...snapshot.areasM2].map(([c, m2]) => [c, m2 / 1e6])) };
}

/**
 * Contiguous date ranges for `parts` workers: range k ends on the file range k + 1 starts
 * on, so that every step (a file and the one before it) falls in exactly one range.
 */
export function dateRanges(count: number, parts: number): [number, number][] {
  const steps = count - 1;
  const k = Math.max(1, Math.min(parts, steps));
  const ranges: [number, number][] = [];
  for (let j = 0; j < k; j++) ranges.push([Math.round((j * steps) / k), Math.round(((j + 1) * steps) / k)]);
  return ranges;
}

/**
 * How to start a worker: `timeline-worker.js` beside this module once built, else the
 * TypeScript source through tsx's `tsImport` from a small bootstrap (tests and `npx tsx`;
 * Node 20 does not apply `--import` hooks to a worker's entry module). Undefined when neither
 * is there.
 */
function workerEntry(): { entry: string; evaluate: boolean } | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.join(here, 'timeline-worker.js');
  try {
    statSync(built);
    return { entry: built, evaluate: false };
  } catch {
    // not built: try the source
  }
  const source = pathToFileURL(path.join(here, 'timeline-worker.ts')).href;
  try {
    statSync(fileURLToPath(source));
    const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
    const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> }).exports;
    const api = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import!.default!)).href;
    return { entry: `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, evaluate: true };
  } catch {
    return undefined;
  }
}

function errorOf(message: Extract<TimelineWorkerMessage, { type: 'error' }>): Error {
  return message.code
    ? new FrontlineError(message.code, message.message, message.where === undefined ? {} : { where: message.where })
    : new Error(message.message);
}

/**
 * Runs a timeline over files with `workers` threads, each on a contiguous date range, and
 * calls `onStep` for every step in date order, as the single-threaded run would: the same
 * steps, the same numbers (cumulative change is measured from the first file's areas in every
 * range). Steps of later ranges wait in memory until the ranges before them are done.
 *
 * @returns false when no worker script can be found (the caller should run on one thread)
 */
export async function runTimelineInWorkers(
  files: TimelineFile[],
  options: TimelineOptions,
  workers: number,
  onStep: (step: TimelineStep) => void,
): Promise<boolean> {
  const script = workerEntry();
  if (!script) return false;
  const ranges = dateRanges(files.length, workers);
  const baseline = baselineOf(files[0]!, options);
  const pending: TimelineStep[][] = ranges.map(() => []);
  const done: boolean[] = ranges.map(() => false);
  let next = 0;
  const flush = (): void => {
    while (next < ranges.length) {
      for (const step of pending[next]!.splice(0)) onStep(step);
      if (!done[next]) return;
      next++;
    }
  };
  const threads: Worker[] = [];
  const runs = ranges.map(
    ([from, to], j) =>
      new Promise<void>((resolve, reject) => {
        const task: TimelineWorkerTask = { kind: 'range', files: files.slice(from, to + 1), options: { ...options, baseline, firstIsPrevious: j > 0 } };
        const worker = new Worker(script.entry, { workerData: task, eval: script.evaluate });
        threads.push(worker);
        let finished = false;
        worker.on('message', (message: TimelineWorkerMessage) => {
          if (message.type === 'step') {
            pending[j]!.push(message.step);
            if (j === next) flush();
          } else if (message.type === 'done') {
            finished = true;
            done[j] = true;
            flush();
            resolve();
          } else if (message.type === 'error') {
            finished = true;
            reject(errorOf(message));
          }
        });
        worker.on('error', (error) => {
          finished = true;
          reject(error);
        });
        worker.on('exit', (code) => {
          if (!finished) reject(new Error(`timeline worker for ${files[from]!.date}..${files[to]!.date} exited with code ${code}`));
        });
      }),
  );
  try {
    await Promise.all(runs);
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return true;
}

/** Snapshots a reader thread may read ahead of the one the timeline is at (bounds memory). */
const READ_AHEAD = 4;

/**
 * The files read as timeline snapshots by `readers` worker threads, yielded in date order:
 * reading and parsing a file (the floor of the whole job's time) runs beside the timeline's
 * own work on the main thread. Each reader takes every `readers`-th file and stays at most
 * a few files ahead, so memory stays bounded. An error is raised when the timeline reaches the
 * file it belongs to, as reading on one thread would raise it. Without a worker script (or
 * with `readers` < 1) the files are read on this thread.
 */
export async function* readTimelineFiles(files: TimelineFile[], options: ReadingOptions, readers: number): AsyncGenerator<TimelineSnapshot> {
  const script = readers >= 1 && files.length > 1 ? workerEntry() : undefined;
  if (!script) {
    let position = 0;
    for (const source of timelineSources(files)) yield readTimelineSnapshot(source, options, position++);
    return;
  }
  // Loaded only here: a run without reader threads never needs the packing code.
  const { unpackSnapshot } = await import('./snapshot-transfer.js');
  const count = Math.min(readers, files.length);
  // Only what reading needs goes to the threads: regions (all the world's countries, say) stay here.
  const reading: ReadingOptions = {
    ...(options.controllerProperty !== undefined ? { controllerProperty: options.controllerProperty } : {}),
    ...(options.controller !== undefined ? { controller: options.controller } : {}),
    ...(options.dateProperty !== undefined ? { dateProperty: options.dateProperty } : {}),
    ...(options.allowEmpty ? { allowEmpty: true } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.areaOfInterest ? { areaOfInterest: options.areaOfInterest } : {}),
    ...(options.allowUnmapped ? { allowUnmapped: true } : {}),
  };
  const arrived = new Map<number, { snapshot?: PackedSnapshot; error?: Error }>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const threads: Worker[] = [];
  for (let k = 0; k < count; k++) {
    const task: TimelineWorkerTask = { kind: 'read', files, options: reading, offset: k, stride: count, window: READ_AHEAD };
    const worker = new Worker(script.entry, { workerData: task, eval: script.evaluate });
    threads.push(worker);
    worker.on('message', (message: TimelineWorkerMessage) => {
      if (message.type === 'snapshot') arrived.set(message.index, { snapshot: message.snapshot });
      else if (message.type === 'error') {
        if (message.index === undefined) failure ??= errorOf(message);
        else arrived.set(message.index, { error: errorOf(message) });
      }
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`timeline reader ${k + 1} of ${count} exited with code ${code}`);
      wake?.();
    });
  }
  try {
    for (let i = 0; i < files.length; i++) {
      while (!arrived.has(i)) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const got = arrived.get(i)!;
      arrived.delete(i);
      if (got.error) throw got.error;
      threads[i % count]!.postMessage('next');
      yield unpackSnapshot(got.snapshot!);
    }
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
