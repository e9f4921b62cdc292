import { FrontlineError } from '../../errors.js';
import { checkTimelineClaim, isTimelineClaim, validateTimelineClaim } from '../../model/timeline-claim.js';
import { readJsonFile } from '../../node/read-json.js';
import { parseOptions, type CommandRun } from '../command.js';
import { formatKm2, formatTable, printable } from '../table.js';
import { readTimelineDirectory, TIMELINE_INPUT_OPTIONS, timelineInput } from '../timeline-input.js';

export const run: CommandRun = async (args, out) => {
  const { values, positionals } = parseOptions(args, { timeline: { type: 'string' }, json: { type: 'boolean' }, ...TIMELINE_INPUT_OPTIONS }, true);
  if (positionals.length !== 1) throw new FrontlineError('USAGE', `claim takes one claim file, got ${positionals.length} arguments`);
  if (typeof values.timeline !== 'string')
    throw new FrontlineError('USAGE', 'claim FILE --timeline DIR: a claim about areas over time is checked against a timeline directory');
  const json = readJsonFile(positionals[0]!, 'a frontline claim (JSON)');
  if (!isTimelineClaim(json)) {
    throw new FrontlineError(
      'INVALID_CLAIM',
      `${positionals[0]}: not a claim about a timeline (it has no "statedKm2"); fraction claims about the Karabakh pack are checked by frontline report`,
      { where: positionals[0]! },
    );
  }
  const claim = validateTimelineClaim(json);
  const input = timelineInput(values);
  const timeline = await readTimelineDirectory(values.timeline, input, values);
  const check = checkTimelineClaim(claim, timeline);
  if (values.json) {
    out.stdout(JSON.stringify(check, null, 2));
    return;
  }
  out.stdout(`Claim "${printable(check.claim.id)}": ${printable(check.claim.text)}`);
  out.stdout(
    `Source: ${printable(check.claim.source)}. Stated ${formatKm2(check.claim.statedKm2, 1)} km²; "about" means within ±${formatKm2(check.claim.toleranceKm2, 1)} km².\n`,
  );
  out.stdout(
    formatTable(
      ['reading', 'measure', 'controller', 'region', 'from', 'to', 'value_km2', 'stated_km2', 'verdict'],
      check.readings.map((r) => [
        printable(r.name || r.id),
        r.measure,
        printable(r.controller),
        printable(r.region ?? '(all)'),
        r.fromUsed === r.from ? r.from : `${r.fromUsed} (for ${r.from})`,
        r.toUsed === r.to ? r.to : `${r.toUsed} (for ${r.to})`,
        formatKm2(r.valueKm2, 1),
        formatKm2(check.claim.statedKm2, 1),
        r.about ? 'about' : 'not about',
      ]),
      [false, false, false, false, false, false, true, true, false],
    ),
  );
  out.stdout(
    '\nEach reading sums the steps after its first snapshot up to its last (km², WGS84 ellipsoid, geodesic edges); net is the area held at the end less the area at the start.',
  );
};
