import type { Command } from '../command.js';
import { areas } from './areas.js';
import { buildData } from './build-data.js';
import { report } from './report.js';
import { render } from './render.js';
import { exportCommand } from './export.js';
import { timeline } from './timeline.js';
import { validateCommand } from './validate.js';

/** Every sub-command, in the order the usage text lists them. */
export const COMMANDS: readonly Command[] = [report, areas, buildData, render, exportCommand, timeline, validateCommand];
