import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { FrontlineError } from '../../errors.js';
import { diffSnapshots, type SnapshotDiff } from '../../model/diff.js';
import type { LayerPack } from '../../model/layer.js';
import type { ControlSnapshot } from '../../model/snapshot.js';
import { snapshotFromGeoJSON } from '../../model/snapshot-file.js';
import { renderKarabakhDiff, renderKarabakhLayers, renderKarabakhSnapshot } from '../../render/karabakh.js';
import type { MapOptions } from '../../render/map.js';
import { karabakhSnapshots } from '../../scenarios/karabakh/snapshots.js';
import { KARABAKH_LINE_OF_CONTACT_2020 } from '../../scenarios/karabakh/sources.js';
import { parseOptions, type Command, type OptionValues } from '../command.js';
import { openPack, readJsonFile } from '../pack-file.js';
import { fixturesDir } from '../paths.js';
import { writeMap } from '../png.js';

/** What a map or an export is of, once the command line's word for it is resolved. */
export type Target =
  | { kind: 'layers' }
  | { kind: 'snapshot'; snapshot: ControlSnapshot }
  | { kind: 'diff'; diffs: SnapshotDiff[] };

/** The built-in Karabakh snapshots plus any read with `--snapshot-file`. */
export function loadSnapshots(pack: LayerPack, files: readonly string[]): ControlSnapshot[] {
  const line = readJsonFile(path.join(fixturesDir(), KARABAKH_LINE_OF_CONTACT_2020), 'the authored line of contact (GeoJSON)');
  const extra = files.map((file) => snapshotFromGeoJSON(readJsonFile(file, 'a GeoJSON FeatureCollection of controllers'), file));
  return [...karabakhSnapshots(pack, line as FeatureCollection), ...extra];
}

/** A snapshot by id; `UNKNOWN_SNAPSHOT` names the ids there are. */
export function findSnapshot(snapshots: readonly ControlSnapshot[], id: string): ControlSnapshot {
  const found = snapshots.find((s) => s.id === id);
  if (!found) throw new FrontlineError('UNKNOWN_SNAPSHOT', `no snapshot "${id}" (snapshots: ${snapshots.map((s) => s.id).join(', ')})`, { where: id });
  return found;
}

/**
 * Resolves `layers`, a snapshot id, or `A..B` (a diff; `A..B..C` a chain of diffs) against
 * the pack's snapshots.
 */
export function resolveTarget(what: string, pack: LayerPack, snapshotFiles: readonly string[]): Target {
  if (what === 'layers') return { kind: 'layers' };
  const snapshots = loadSnapshots(pack, snapshotFiles);
  if (what.includes('..')) {
    const ids = what.split('..').map((s) => s.trim());
    if (ids.length < 2 || ids.some((id) => id === '')) throw new FrontlineError('USAGE', `"${what}": a diff is written FROM..TO (or FROM..VIA..TO), with snapshot ids`);
    const chain = ids.map((id) => findSnapshot(snapshots, id));
    return { kind: 'diff', diffs: chain.slice(1).map((to, i) => diffSnapshots(chain[i]!, to)) };
  }
  return { kind: 'snapshot', snapshot: findSnapshot(snapshots, what) };
}

/** Size and title options shared by `render` and `report --map`. */
export function mapOptionsFrom(values: OptionValues): MapOptions {
  const number = (name: string): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new FrontlineError('USAGE', `--${name} must be a positive number, got "${String(raw)}"`);
    return n;
  };
  const width = number('width'), height = number('height');
  return {
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(typeof values.title === 'string' ? { title: values.title } : {}),
  };
}

export const render: Command = {
  name: 'render',
  usage: '[layers | SNAPSHOT | FROM..TO[..TO]] [--out FILE.svg|FILE.png] [--scale N] [--width PX] [--height PX] [--title TEXT] [--pack FILE] [--snapshot-file FILE]...',
  summary: 'draws the layers, a snapshot or a diff as an SVG or PNG map',
  run(args, out) {
    const { values, positionals } = parseOptions(
      args,
      {
        out: { type: 'string' },
        scale: { type: 'string' },
        width: { type: 'string' },
        height: { type: 'string' },
        title: { type: 'string' },
        pack: { type: 'string' },
        'snapshot-file': { type: 'string', multiple: true },
      },
      true,
    );
    if (positionals.length > 1) throw new FrontlineError('USAGE', `render draws one thing at a time, got ${positionals.length}: ${positionals.join(' ')}`);
    const what = positionals[0] ?? 'layers';
    const pack = openPack(values.pack as string | undefined, (f) => out.stderr(`frontline: building the layer pack ${f}`));
    const target = resolveTarget(what, pack, (values['snapshot-file'] as string[] | undefined) ?? []);
    const options = mapOptionsFrom(values);
    const map =
      target.kind === 'layers'
        ? renderKarabakhLayers(pack, options)
        : target.kind === 'snapshot'
          ? renderKarabakhSnapshot(pack, target.snapshot, options)
          : renderKarabakhDiff(pack, target.diffs, options);
    const file = values.out as string | undefined;
    if (file === undefined) {
      out.stdout(map.svg);
      return;
    }
    const scale = values.scale === undefined ? undefined : Number(values.scale);
    if (scale !== undefined && !(scale > 0 && scale <= 8)) throw new FrontlineError('USAGE', `--scale must be a number in (0, 8], got "${String(values.scale)}"`);
    const bytes = writeMap(file, map.svg, scale === undefined ? {} : { scale });
    out.stderr(`frontline: wrote ${file} (${bytes.toLocaleString('en')} bytes; ${map.width}×${map.height} px${scale ? ` at ×${scale}` : ''}; scale bar ${map.scaleBar.km} km)`);
  },
};
