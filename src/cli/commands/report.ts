import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { FrontlineError } from '../../errors.js';
import { snapshotFromGeoJSON } from '../../model/snapshot-file.js';
import { karabakhReport } from '../../scenarios/karabakh/report.js';
import { KARABAKH_LINE_OF_CONTACT_2020 } from '../../scenarios/karabakh/sources.js';
import { parseOptions, type Command } from '../command.js';
import { openPack, readJsonFile } from '../pack-file.js';
import { fixturesDir } from '../paths.js';
import { formatReport, reportCsv } from '../report.js';
import { writeMap } from '../png.js';
import { findSnapshot, loadSnapshots } from './render.js';
import { diffSnapshots } from '../../model/diff.js';
import { renderKarabakhDiff } from '../../render/karabakh.js';
import { KARABAKH_DIFF_CHAIN } from '../../scenarios/karabakh/report.js';

export const report: Command = {
  name: 'report',
  usage: '[--json | --csv DIR] [--pack FILE] [--snapshot-file FILE]... [--chain ID,ID,...] [--map FILE.png|FILE.svg]',
  summary: 'layer areas, snapshots, diffs by district, claim check',
  run(args, out) {
    const { values } = parseOptions(args, {
      json: { type: 'boolean' },
      csv: { type: 'string' },
      pack: { type: 'string' },
      'snapshot-file': { type: 'string', multiple: true },
      chain: { type: 'string' },
      map: { type: 'string' },
    });
    if (values.json && values.csv) throw new FrontlineError('USAGE', '--json and --csv cannot be used together');
    const pack = openPack(values.pack as string | undefined, (f) => out.stderr(`frontline: building the layer pack ${f}`));
    const line = readJsonFile(path.join(fixturesDir(), KARABAKH_LINE_OF_CONTACT_2020), 'the authored line of contact (GeoJSON)');
    const files = (values['snapshot-file'] as string[] | undefined) ?? [];
    const extraSnapshots = files.map((file) => snapshotFromGeoJSON(readJsonFile(file, 'a GeoJSON FeatureCollection of controllers'), file));
    const chain = typeof values.chain === 'string' ? values.chain.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const result = karabakhReport(pack, line as FeatureCollection, { extraSnapshots, ...(chain ? { diffChain: chain } : {}) });
    if (typeof values.map === 'string') {
      // Who gained what at each step of the chain, and what each side held at the end; drawn
      // before the report is printed, so that a map that cannot be written fails with no output.
      const snapshots = loadSnapshots(pack, files);
      const ids = chain ?? [...KARABAKH_DIFF_CHAIN];
      const steps = ids.map((id) => findSnapshot(snapshots, id));
      if (steps.length < 2) throw new FrontlineError('USAGE', '--map draws the changes along --chain, which needs at least two snapshot ids');
      const diffs = steps.slice(1).map((to, i) => diffSnapshots(steps[i]!, to));
      const title = `Who gained what: ${steps.map((s) => s.date).join(' → ')}`;
      const map = renderKarabakhDiff(pack, diffs, { title });
      const bytes = writeMap(values.map, map.svg);
      out.stderr(`frontline: wrote the map ${values.map} (${bytes.toLocaleString('en')} bytes)`);
    }
    if (values.json) {
      out.stdout(JSON.stringify(result, null, 2));
    } else if (typeof values.csv === 'string') {
      const tables = reportCsv(result);
      try {
        mkdirSync(values.csv, { recursive: true });
        for (const table of tables) writeFileSync(path.join(values.csv, `${table.name}.csv`), table.csv);
      } catch (cause) {
        throw new FrontlineError('FILE_UNWRITABLE', `${values.csv}: cannot write the CSV files there (${(cause as Error).message})`, { where: values.csv, cause });
      }
      out.stderr(`frontline: wrote ${tables.length} CSV files to ${values.csv}`);
    } else {
      out.stdout(formatReport(result));
    }
  },
};
