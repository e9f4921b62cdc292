/**
 * A worker thread of `frontline timeline --workers N`: runs the timeline over one date range
 * of files (see runTimelineInWorkers in timeline-files.ts) and posts every step back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FrontlineError } from '../errors.js';
import { timelineSteps } from '../model/timeline.js';
import { timelineSources, type TimelineWorkerMessage, type TimelineWorkerTask } from './timeline-files.js';

async function main(task: TimelineWorkerTask): Promise<void> {
  const post = (message: TimelineWorkerMessage): void => parentPort!.postMessage(message);
  try {
    for await (const step of timelineSteps(timelineSources(task.files), task.options)) post({ type: 'step', step });
    post({ type: 'done' });
  } catch (error) {
    if (error instanceof FrontlineError) post({ type: 'error', code: error.code, message: error.message, ...(error.where === undefined ? {} : { where: error.where }) });
    else post({ type: 'error', code: null, message: (error as Error)?.stack ?? String(error) });
  }
}

if (parentPort) void main(workerData as TimelineWorkerTask);
