import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FrontlineError, type FrontlineErrorCode } from '../errors.js';
import { dateFromName, readTimelineSnapshot, type TimelineOptions, type TimelineSource, type TimelineStep } from '../model/timeline.js';
import { readRegularFile } from './read-file.js';
import { MAX_JSON_BYTES, readJsonFile } from './read-json.js';

/** File names a timeline directory is read from. */
const SNAPSHOT_FILE = /\.(geojson|topojson|json)$/i;

const EXPECTED = 'a GeoJSON or TopoJSON snapshot';

/**
 * Parses a JSON file the quick way (one `JSON.parse`), and only when that fails hands it to
 * `readJsonFile` for the diagnosis (empty, binary, truncated, where the syntax error is...).
 * Either way only a regular file is read, and no more than MAX_JSON_BYTES of it.
 */
export function parseTimelineFile(file: string): unknown {
  let text: string;
  try {
    text = new TextDecoder().decode(readRegularFile(file, MAX_JSON_BYTES));
  } catch {
    return readJsonFile(file, EXPECTED);
  }
  try {
    return JSON.parse(text);
  } catch {
    return readJsonFile(file, EXPECTED);
  }
}

/**
 * The snapshot files of a timeline directory (`*.geojson`, `*.topojson`, `*.json`) in date
 * order. A file's date comes from its name (`…_20240708.geojson`, `…2024-07-08…`); the files
 * whose names carry none are read once to find it in their data.
 *
 * @throws FrontlineError `FILE_UNREADABLE` when the directory cannot be read,
 *   `INVALID_TIMELINE` when it holds no snapshot files or two files share a date.
 */
export function listTimelineFiles(dir: string, options: TimelineOptions = {}): { file: string; date: string }[] {
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
  const dated = files.map((name) => {
    const file = path.join(dir, name);
    const date = dateFromName(name) ?? readTimelineSnapshot({ name, data: parseTimelineFile(file) }, options).date;
    return { file, date };
  });
  dated.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < dated.length; i++) {
    if (dated[i]!.date === dated[i - 1]!.date) {
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${path.basename(dated[i - 1]!.file)} and ${path.basename(dated[i]!.file)} are both dated ${dated[i]!.date}: a timeline has one snapshot per date`,
        { where: dated[i]!.file },
      );
    }
  }
  return dated;
}

/** The files as timeline sources, each read only when the timeline asks for it. */
export function* timelineSources(files: { file: string; date: string }[]): Generator<TimelineSource> {
  for (const { file, date } of files) yield { name: path.basename(file), date, data: parseTimelineFile(file) };
}

/** The areas of the first file, as a parallel run's later ranges measure cumulative change from. */
function baselineOf(first: { file: string; date: string }, options: TimelineOptions): TimelineOptions['baseline'] {
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

/** What a worker is given. */
export interface TimelineWorkerTask {
  files: { file: string; date: string }[];
  options: TimelineOptions;
}

/** What a worker posts back. */
export type TimelineWorkerMessage =
  | { type: 'step'; step: TimelineStep }
  | { type: 'done' }
  | { type: 'error'; code: FrontlineErrorCode | null; message: string; where?: string };

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

/**
 * Runs a timeline over files with `workers` threads, each on a contiguous date range, and
 * calls `onStep` for every step in date order, as the single-threaded run would: the same
 * steps, the same numbers (cumulative change is measured from the first file's areas in every
 * range). Steps of later ranges wait in memory until the ranges before them are done.
 *
 * @returns false when no worker script can be found (the caller should run on one thread)
 */
export async function runTimelineInWorkers(
  files: { file: string; date: string }[],
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
        const task: TimelineWorkerTask = {
          files: files.slice(from, to + 1),
          options: { ...options, baseline, firstIsPrevious: j > 0 },
        };
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
          } else {
            finished = true;
            reject(message.code ? new FrontlineError(message.code, message.message, message.where === undefined ? {} : { where: message.where }) : new Error(message.message));
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
