/**
 * A worker thread of `frontline timeline`: either runs the timeline over one date range of
 * files (`--workers N`, see runTimelineInWorkers) and posts every step back, or reads its share
 * of the files and posts each snapshot (see readTimelineFiles), waiting for a "next" from the
 * main thread whenever it is a few files ahead.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FrontlineError } from '../errors.js';
import { timelineSteps } from '../sources/timeline-source.js';
import { readShare, timelineSources, type TimelineWorkerMessage, type TimelineWorkerTask } from './timeline-files.js';

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
