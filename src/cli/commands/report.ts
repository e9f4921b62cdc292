import path from 'node:path';
import { FrontlineError } from '../../errors.js';
import { findSnapshot } from '../../model/snapshot.js';
import { readSnapshotFile } from '../../node/snapshot-files.js';
import { writeOutput } from '../../node/write.js';
import { KARABAKH_DIFF_CHAIN, karabakhReport, karabakhSnapshots } from '../../scenarios/karabakh/scenario.js';
import { parseOptions, type CommandRun } from '../command.js';
import { formatReport, reportCsv } from '../report.js';
import { packFrom } from '../targets.js';

export const run: CommandRun = async (args, out) => {
  const { values } = parseOptions(args, {
    json: { type: 'boolean' },
    csv: { type: 'string' },
    pack: { type: 'string' },
    'snapshot-file': { type: 'string', multiple: true },
    chain: { type: 'string' },
    map: { type: 'string' },
  });
  if (values.json && values.csv) throw new FrontlineError('USAGE', '--json and --csv cannot be used together');
  const pack = packFrom(values.pack);
  const extraSnapshots = (values['snapshot-file'] ?? []).map(readSnapshotFile);
  const chain =
    typeof values.chain === 'string'
      ? values.chain
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  // Read once: a large snapshot file costs its parse and its overlays.
  const snapshots = [...karabakhSnapshots(pack), ...extraSnapshots];
  // Chain entries may be dates as well as ids: the report names snapshots by id.
  const ids = (chain ?? [...KARABAKH_DIFF_CHAIN]).map((key) => findSnapshot(snapshots, key).id);
  const result = karabakhReport({ pack, extraSnapshots, diffChain: ids });
  if (typeof values.map === 'string') {
    // Who gained what at each step of the chain, and what each side held at the end; drawn
    // before the report is printed, so that a map that cannot be written fails with no output.
    const steps = ids.map((id) => findSnapshot(snapshots, id));
    if (steps.length < 2) throw new FrontlineError('USAGE', '--map draws the changes along --chain, which needs at least two snapshot ids');
    // The map's modules (rendering, the PNG writer) are loaded only for a map.
    const [{ diffSnapshots }, { renderKarabakhDiff }, { writeMap }] = await Promise.all([
      import('../../model/diff.js'),
      import('../../scenarios/karabakh/map.js'),
      import('../../node/png.js'),
    ]);
    const diffs = steps.slice(1).map((to, i) => diffSnapshots(steps[i]!, to));
    const title = `Who gained what: ${steps.map((s) => s.date).join(' → ')}`;
    const map = renderKarabakhDiff(diffs, { pack, title });
    const bytes = writeMap(values.map, map.svg);
    out.stderr(`frontline: wrote the map ${values.map} (${bytes.toLocaleString('en')} bytes)`);
  }
  if (values.json) {
    out.stdout(JSON.stringify(result, null, 2));
  } else if (typeof values.csv === 'string') {
    const tables = reportCsv(result);
    for (const table of tables) writeOutput(path.join(values.csv, `${table.name}.csv`), table.csv);
    out.stderr(`frontline: wrote ${tables.length} CSV files to ${values.csv}`);
  } else {
    out.stdout(formatReport(result));
  }
};
