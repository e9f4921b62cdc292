/**
 * A worker thread of `frontline timeline`: either runs the timeline over one date range of
 * files (`--workers N`, see runTimelineInWorkers) and posts every step back, or reads its share
 * of the files and posts each snapshot (see readTimelineFiles), waiting for a "next" from the
 * main thread whenever it is a few files ahead.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { FrontlineError } from '../errors.js';
import { readTimelineSnapshot, timelineSteps } from '../sources/timeline-source.js';
import { packSnapshot, type TimelineWorkerMessage, type TimelineWorkerTask } from './snapshot-transfer.js';
import { parseTimelineFile, timelineSources } from './timeline-files.js';

/** Reads its share of the files, posting each snapshot packed for transfer. */
async function readShare(
  task: Extract<TimelineWorkerTask, { kind: 'read' }>,
  post: (message: TimelineWorkerMessage, transfer?: ArrayBuffer[]) => void,
  credit: () => Promise<void>,
): Promise<void> {
  let ahead = 0;
  for (let i = task.offset; i < task.files.length; i += task.stride) {
    if (ahead >= task.window) {
      await credit();
      ahead--;
    }
    const { file, date } = task.files[i]!;
    try {
      const snapshot = readTimelineSnapshot({ name: path.basename(file), date, data: parseTimelineFile(file) }, task.options, i);
      const packed = packSnapshot(snapshot);
      post({ type: 'snapshot', index: i, snapshot: packed.snapshot }, packed.transfer);
    } catch (error) {
      if (error instanceof FrontlineError)
        post({ type: 'error', index: i, code: error.code, message: error.message, ...(error.where === undefined ? {} : { where: error.where }) });
      else post({ type: 'error', index: i, code: null, message: (error as Error)?.stack ?? String(error) });
      return;
    }
    ahead++;
  }
}

async function main(task: TimelineWorkerTask): Promise<void> {
  const post = (message: TimelineWorkerMessage, transfer?: ArrayBuffer[]): void => parentPort!.postMessage(message, transfer);
  try {
    if (task.kind === 'read') {
      let waiting: (() => void) | undefined;
      let credits = 0;
      parentPort!.on('message', () => {
        credits++;
        waiting?.();
      });
      const credit = async (): Promise<void> => {
        while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
        credits--;
      };
      await readShare(task, post, credit);
      parentPort!.removeAllListeners('message');
      post({ type: 'done' });
      return;
    }
    for await (const step of timelineSteps(timelineSources(task.files), task.options)) post({ type: 'step', step });
    post({ type: 'done' });
  } catch (error) {
    if (error instanceof FrontlineError)
      post({ type: 'error', code: error.code, message: error.message, ...(error.where === undefined ? {} : { where: error.where }) });
    else post({ type: 'error', code: null, message: (error as Error)?.stack ?? String(error) });
  }
}

if (parentPort) void main(workerData as TimelineWorkerTask);
