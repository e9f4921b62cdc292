/**
 * The options that say how a timeline directory is read, shared by `timeline`, `chart` and
 * `claim --timeline`: a profile, an area of interest, regions, the controller to follow.
 */
import os from 'node:os';
import { FrontlineError } from '../errors.js';
import { gatherTimeline, timelineStepsOf, type Timeline } from '../model/timeline.js';
import { loadArea, loadProfile, type LoadedProfile } from '../node/profile-files.js';
import { readRegionsFile } from '../node/region-files.js';
import { readTimelineFiles, timelineFileList, type TimelineFileList } from '../node/timeline-files.js';
import type { AreaOfInterest } from '../sources/profile.js';
import type { TimelineOptions } from '../sources/timeline-source.js';
import type { OptionValues } from './command.js';

/** parseArgs specs of the reading options. */
export const TIMELINE_INPUT_OPTIONS = {
  controller: { type: 'string' },
  'controller-property': { type: 'string' },
  'allow-empty': { type: 'boolean' },
  profile: { type: 'string' },
  'allow-unmapped': { type: 'boolean' },
  'area-of-interest': { type: 'string' },
  'area-where': { type: 'string' },
  regions: { type: 'string' },
  'region-property': { type: 'string' },
  readers: { type: 'string' },
} as const;

export interface TimelineInput {
  options: TimelineOptions;
  profile?: LoadedProfile;
  areaOfInterest?: AreaOfInterest;
  regions?: { file: string; property: string };
}

/** The reading options from parsed command-line values. */
export function timelineInput(values: OptionValues<typeof TIMELINE_INPUT_OPTIONS>): TimelineInput {
  if ((values.regions === undefined) !== (values['region-property'] === undefined))
    throw new FrontlineError('USAGE', '--regions FILE and --region-property NAME go together');
  if (values['area-where'] !== undefined && values['area-of-interest'] === undefined)
    throw new FrontlineError('USAGE', '--area-where needs --area-of-interest FILE');
  const profile = typeof values.profile === 'string' ? loadProfile(values.profile) : undefined;
  const area =
    typeof values['area-of-interest'] === 'string'
      ? loadArea({ file: values['area-of-interest'], ...areaWhere(values['area-where']) })
      : profile?.areaOfInterest;
  const regions = typeof values.regions === 'string' ? readRegionsFile(values.regions, values['region-property']!) : undefined;
  const options: TimelineOptions = {
    ...(typeof values.controller === 'string' ? { controller: values.controller } : {}),
    ...(typeof values['controller-property'] === 'string' ? { controllerProperty: values['controller-property'] } : {}),
    ...(values['allow-empty'] ? { allowEmpty: true } : {}),
    ...(profile ? { profile: profile.profile } : {}),
    ...(area ? { areaOfInterest: area } : {}),
    ...(values['allow-unmapped'] ? { allowUnmapped: true } : {}),
    ...(regions ? { regions } : {}),
  };
  return {
    options,
    ...(profile ? { profile } : {}),
    ...(area ? { areaOfInterest: area } : {}),
    ...(regions ? { regions: { file: values.regions as string, property: values['region-property'] as string } } : {}),
  };
}

/** `--area-where PROPERTY=VALUE[,VALUE…]` as the selection of an area-of-interest file's features. */
function areaWhere(text: string | undefined): { property?: string; values?: string[] } {
  if (text === undefined) return {};
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1)
    throw new FrontlineError('USAGE', `--area-where takes PROPERTY=VALUE (values separated by commas), got ${JSON.stringify(text)}`);
  return { property: text.slice(0, eq), values: text.slice(eq + 1).split(',') };
}

/** Threads beyond the cores only add the cost of starting them: twice the cores (4 to 16) at most. */
export function maxThreads(): number {
  return Math.min(16, Math.max(4, 2 * os.availableParallelism()));
}

/**
 * `--readers N`, checked. The default is 0 (files read on the diffing thread): on the shared
 * 2-core machine the benchmark runs on, a reader thread cost more (its start, its own JIT, the
 * geometry sent across) than it saved, at 114 and at 456 files (docs/timeline.md).
 */
export function readersOption(values: OptionValues<typeof TIMELINE_INPUT_OPTIONS>): number {
  const n = values.readers === undefined ? 0 : Number(values.readers);
  const max = maxThreads();
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new FrontlineError(
      'USAGE',
      `--readers must be a whole number from 0 to ${max} (twice the cores of this machine, at least 4, at most 16), got ${JSON.stringify(values.readers)}`,
    );
  return n;
}

/** A whole timeline of a directory, read as the options say (for commands that need every row). */
export async function readTimelineDirectory(
  dir: string,
  input: TimelineInput,
  values: OptionValues<typeof TIMELINE_INPUT_OPTIONS>,
): Promise<Timeline & { files: TimelineFileList }> {
  const files = timelineFileList(dir, input.options);
  const timeline = await gatherTimeline(
    timelineStepsOf(readTimelineFiles(files.files, input.options, readersOption(values)), input.options),
    input.options.controller,
  );
  return { ...timeline, files };
}
