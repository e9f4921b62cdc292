import { FrontlineError } from '../../errors.js';
import { PERIOD_UNITS, type PeriodUnit } from '../../model/timeline-periods.js';
import { writeMap } from '../../node/png.js';
import { chartSvg } from '../../render/chart.js';
import { parseOptions, type CommandRun } from '../command.js';
import { printable } from '../table.js';
import { pngScale } from '../targets.js';
import { readTimelineDirectory, TIMELINE_INPUT_OPTIONS, timelineInput } from '../timeline-input.js';

export const run: CommandRun = async (args, out) => {
  const { values, positionals } = parseOptions(
    args,
    {
      out: { type: 'string' },
      by: { type: 'string' },
      region: { type: 'string' },
      show: { type: 'string', multiple: true },
      title: { type: 'string' },
      credit: { type: 'string', multiple: true },
      width: { type: 'string' },
      height: { type: 'string' },
      scale: { type: 'string' },
      quiet: { type: 'boolean' },
      ...TIMELINE_INPUT_OPTIONS,
    },
    true,
  );
  if (positionals.length !== 1) throw new FrontlineError('USAGE', `chart takes one directory of snapshots, got ${positionals.length} arguments`);
  const by = values.by as string | undefined;
  if (by !== undefined && !PERIOD_UNITS.includes(by as PeriodUnit))
    throw new FrontlineError('USAGE', `--by must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(by)}`);
  if (values.region !== undefined && values.regions === undefined)
    throw new FrontlineError('USAGE', '--region NAME needs --regions FILE --region-property NAME');
  const size = (name: 'width' | 'height'): number | undefined => {
    if (values[name] === undefined) return undefined;
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 400 || n > 8000)
      throw new FrontlineError('USAGE', `--${name} must be a whole number of pixels from 400 to 8000, got ${JSON.stringify(values[name])}`);
    return n;
  };
  const input = timelineInput(values);
  const timeline = await readTimelineDirectory(positionals[0]!, input, values);
  const profile = input.profile?.profile;
  const credits = (values.credit as string[] | undefined) ?? [
    `Data: ${profile ? `${profile.name} (${profile.description ?? 'source profile'})` : positionals[0]!}, ${timeline.snapshots} snapshots`,
  ];
  const width = size('width');
  const height = size('height');
  const chart = chartSvg(timeline, {
    ...(by ? { by: by as PeriodUnit } : {}),
    ...(typeof values.region === 'string' ? { region: values.region } : {}),
    ...(values.show ? { controllers: values.show as string[] } : {}),
    ...(typeof values.title === 'string' ? { title: values.title } : {}),
    credits,
    ...(width ? { width } : {}),
    ...(height ? { height } : {}),
  });
  const file = values.out as string | undefined;
  if (file === undefined) {
    out.stdout(chart.svg);
    return;
  }
  const scale = pngScale(values.scale, chart.width, chart.height);
  const bytes = writeMap(file, chart.svg, scale === undefined ? {} : { scale });
  if (values.quiet !== true)
    out.stderr(`frontline: wrote ${printable(file)} (${bytes.toLocaleString('en')} bytes; ${chart.width}×${chart.height} px${scale ? ` at ×${scale}` : ''})`);
};
