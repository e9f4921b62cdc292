import {
  diffCollections,
  EXPORT_FORMATS,
  exportWithInfo,
  FrontlineError,
  layerCollections,
  MAX_PRECISION,
  packCollections,
  snapshotCollections,
  type ExportCollections,
  type ExportFormat,
  type LayerPack,
} from '../../index.js';
import { parseOptions, type CommandRun } from '../command.js';
import { writeBytes, writeText } from '../output.js';
import { packFrom, resolveTarget } from '../targets.js';

/** The format a file name implies, if any. */
function formatOf(file: string): ExportFormat | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.topojson') || name.endsWith('.topo.json')) return 'topojson';
  if (name.endsWith('.geojson') || name.endsWith('.json')) return 'geojson';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.wkt')) return 'wkt';
  if (name.endsWith('.fgb')) return 'flatgeobuf';
  return undefined;
}

/** `pack` (or `layers`), a layer id, a snapshot id, or `FROM..TO`, as collections to export. */
function collectionsFor(what: string, pack: LayerPack, snapshotFiles: readonly string[] = []): ExportCollections {
  if (what === 'pack' || what === 'layers') return packCollections(pack);
  if (pack.has(what)) return layerCollections(pack, what);
  const target = resolveTarget(what, pack, snapshotFiles);
  if (target.kind === 'snapshot') return snapshotCollections(target.snapshot);
  if (target.kind === 'diff') {
    if (target.diffs.length !== 1) throw new FrontlineError('USAGE', `"${what}": export writes one diff, FROM..TO`);
    return diffCollections(target.diffs[0]!);
  }
  return packCollections(pack);
}

export const run: CommandRun = (args, out) => {
  const { values, positionals } = parseOptions(
    args,
    {
      format: { type: 'string' },
      precision: { type: 'string' },
      simplify: { type: 'string' },
      wkt: { type: 'boolean' },
      out: { type: 'string' },
      pack: { type: 'string' },
      'snapshot-file': { type: 'string', multiple: true },
    },
    true,
  );
  if (positionals.length !== 1)
    throw new FrontlineError('USAGE', `export needs one thing to export (pack, a layer id, a snapshot id or FROM..TO), got ${positionals.length}`);
  const file = values.out;
  const asked = values.format ?? (file ? formatOf(file) : undefined);
  if (asked === undefined)
    throw new FrontlineError('USAGE', `give --format (${EXPORT_FORMATS.join(', ')}) or an --out file ending in .geojson, .topojson, .csv, .wkt or .fgb`);
  const format = EXPORT_FORMATS.find((f) => f === asked);
  if (format === undefined) throw new FrontlineError('USAGE', `unknown format "${asked}" (formats: ${EXPORT_FORMATS.join(', ')})`);
  if (values.wkt && format !== 'csv') throw new FrontlineError('USAGE', '--wkt adds a column to CSV output; use --format wkt for WKT alone');
  // Bounded here, so that a careless value is a usage error and not a question for the library:
  // decimals up to MAX_PRECISION (below a millimetre), a simplification up to 1,000 km.
  const number = (name: 'precision' | 'simplify', integer: boolean): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    const max = integer ? MAX_PRECISION : 1e6;
    if (!Number.isFinite(n) || n < 0 || n > max || (integer && !Number.isInteger(n))) {
      throw new FrontlineError(
        'USAGE',
        `--${name} must be ${integer ? 'a whole number of decimal places' : 'a tolerance in metres'} from 0 to ${max}, got "${String(raw)}"`,
      );
    }
    return n;
  };
  const precision = number('precision', true),
    simplify = number('simplify', false);
  const pack = packFrom(values.pack);
  const exported = collectionsFor(positionals[0]!, pack, values['snapshot-file']);
  const result = exportWithInfo(exported, format, {
    ...(precision !== undefined ? { precision } : {}),
    ...(simplify !== undefined ? { simplify } : {}),
    ...(values.wkt ? { wkt: true } : {}),
  });
  // Repairs are never silent: what snapping broke and how it was put right goes to stderr.
  const { info } = result;
  const r = info?.repairs;
  const repaired = r
    ? Object.entries(r)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${n}`)
    : [];
  if (repaired.length > 0) out.stderr(`frontline: features repaired on the ${info!.precision}-decimal grid: ${repaired.join(', ')}`);
  if (result.bytes && result.skipped > 0) {
    out.stderr(
      `frontline: left out ${result.skipped} feature${result.skipped === 1 ? '' : 's'} with no geometry left on the grid: a FlatGeobuf spatial index has no place for them`,
    );
  }
  const bytes = result.bytes ? writeBytes(file ?? '-', result.bytes, 'FlatGeobuf') : writeText(file ?? '-', result.text, out);
  if (bytes > 0) out.stderr(`frontline: wrote ${file} (${format}, ${bytes.toLocaleString('en')} bytes)`);
};
