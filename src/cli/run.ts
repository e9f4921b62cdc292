import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { FrontlineError } from '../errors.js';
import { layerAreas } from '../model/areas.js';
import type { AreaMethod } from '../kernel/area.js';
import { snapshotFromGeoJSON } from '../model/snapshot-file.js';
import { KARABAKH_LINE_OF_CONTACT_2020 } from '../scenarios/karabakh/sources.js';
import { karabakhReport } from '../scenarios/karabakh/report.js';
import { openPack, readJsonFile, writeKarabakhPack } from './pack-file.js';
import { defaultPackPath, fixturesDir, upstreamDir } from './paths.js';
import { formatReport, reportCsv } from './report.js';
import { formatKm2, formatTable } from './table.js';

const USAGE = `Usage: frontline <command> [options]

Commands:
  build-data [--upstream DIR] [--out FILE]   compile the Karabakh layer pack from upstream sources
  areas [--json] [--spherical] [--pack FILE] area of every layer and feature (km²)
  report [--json | --csv DIR] [--pack FILE] [--snapshot-file FILE]... [--chain ID,ID,...]
                                             layer areas, snapshots, diffs by district, claim check

Environment: FRONTLINE_UPSTREAM (upstream sources), FRONTLINE_PACK (pack file).`;

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (cause) {
    throw new FrontlineError('USAGE', (cause as Error).message, { cause });
  }
}

const commands: Record<string, (args: string[], out: Out) => void> = {
  'build-data'(args, out) {
    const v = parse(args, { upstream: { type: 'string' }, out: { type: 'string' } });
    const file = writeKarabakhPack((v.out as string | undefined) ?? defaultPackPath(), (v.upstream as string | undefined) ?? upstreamDir());
    out.stderr(`frontline: wrote ${file}`);
  },
  areas(args, out) {
    const v = parse(args, { json: { type: 'boolean' }, spherical: { type: 'boolean' }, pack: { type: 'string' } });
    const method: AreaMethod = v.spherical ? 'spherical' : 'ellipsoidal';
    const pack = openPack(v.pack as string | undefined, (f) => out.stderr(`frontline: building the layer pack ${f}`));
    const rows = layerAreas(pack, { method });
    if (v.json) {
      out.stdout(JSON.stringify(rows, null, 2));
      return;
    }
    const table = formatTable(
      ['layer', 'feature', 'area (km²)', 'method'],
      rows.map((r) => [r.layer, r.feature ?? '(layer total)', formatKm2(r.areaKm2, 2), r.method]),
      [false, false, true, false],
    );
    out.stdout(table);
  },
  report(args, out) {
    const v = parse(args, {
      json: { type: 'boolean' },
      csv: { type: 'string' },
      pack: { type: 'string' },
      'snapshot-file': { type: 'string', multiple: true },
      chain: { type: 'string' },
    });
    if (v.json && v.csv) throw new FrontlineError('USAGE', '--json and --csv cannot be used together');
    const pack = openPack(v.pack as string | undefined, (f) => out.stderr(`frontline: building the layer pack ${f}`));
    const line = readJsonFile(path.join(fixturesDir(), KARABAKH_LINE_OF_CONTACT_2020), 'the authored line of contact (GeoJSON)');
    const files = (v['snapshot-file'] as unknown as string[] | undefined) ?? [];
    const extraSnapshots = files.map((file) => snapshotFromGeoJSON(readJsonFile(file, 'a GeoJSON FeatureCollection of controllers'), file));
    const chain = typeof v.chain === 'string' ? v.chain.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    const report = karabakhReport(pack, line as FeatureCollection, { extraSnapshots, ...(chain ? { diffChain: chain } : {}) });
    if (v.json) {
      out.stdout(JSON.stringify(report, null, 2));
    } else if (typeof v.csv === 'string') {
      mkdirSync(v.csv, { recursive: true });
      for (const table of reportCsv(report)) writeFileSync(path.join(v.csv, `${table.name}.csv`), table.csv);
      out.stderr(`frontline: wrote ${reportCsv(report).length} CSV files to ${v.csv}`);
    } else {
      out.stdout(formatReport(report));
    }
  },
};

/** Runs the CLI; returns the exit code (0 ok, 2 unusable input or usage). */
export function run(argv: string[], out: Out): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new FrontlineError('USAGE', `unknown command "${name}" (commands: ${Object.keys(commands).join(', ')})`);
    command(rest, out);
    return 0;
  } catch (error) {
    if (error instanceof FrontlineError) {
      out.stderr(`frontline: ${error.code}: ${error.message}`);
      return 2;
    }
    // A bug, not bad input: still one line, so scripts reading stderr see one line.
    out.stderr(`frontline: INTERNAL: ${(error as Error)?.message ?? String(error)}`);
    return 70;
  }
}
