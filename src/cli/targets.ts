// Each import from the module that defines it, not from an entry point: an entry point loads
// every module it exports, and a fresh process of a command pays for each one it loads.
import { FrontlineError } from '../errors.js';
import type { LayerPack } from '../model/layer.js';
import { diffSnapshots, type SnapshotDiff } from '../model/diff.js';
import { findSnapshot, type ControlSnapshot } from '../model/snapshot.js';
import { readPackFile } from '../node/karabakh-files.js';
import { MAX_PNG_PIXELS } from '../node/png.js';
import { readSnapshotFile } from '../node/snapshot-files.js';
import type { MapOptions } from '../render/map.js';
import { karabakhPack } from '../scenarios/karabakh/pack.js';
import { karabakhSnapshots } from '../scenarios/karabakh/scenario.js';

/** What a map or an export is of, once the command line's word for it is resolved. */
export type Target = { kind: 'layers' } | { kind: 'snapshot'; snapshot: ControlSnapshot } | { kind: 'diff'; diffs: SnapshotDiff[] };

/** `--pack FILE` when given, else the pack that ships with frontline. */
export function packFrom(file: string | undefined): LayerPack {
  return file !== undefined ? readPackFile(file) : karabakhPack();
}

/** The built-in Karabakh snapshots plus any read with `--snapshot-file`. */
export function loadSnapshots(pack: LayerPack, files: readonly string[] = []): ControlSnapshot[] {
  return [...karabakhSnapshots(pack), ...files.map(readSnapshotFile)];
}

/**
 * Resolves `layers`, a snapshot id or date, or `A..B` (a diff; `A..B..C` a chain of diffs)
 * against the pack's snapshots and those of `--snapshot-file`.
 */
export function resolveTarget(what: string, pack: LayerPack, snapshotFiles: readonly string[] = []): Target {
  if (what === 'layers') return { kind: 'layers' };
  const snapshots = loadSnapshots(pack, snapshotFiles);
  if (what.includes('..')) {
    const ids = what.split('..').map((s) => s.trim());
    if (ids.length < 2 || ids.some((id) => id === ''))
      throw new FrontlineError('USAGE', `"${what}": a diff is written FROM..TO (or FROM..VIA..TO), with snapshot ids or dates`);
    const chain = ids.map((id) => findSnapshot(snapshots, id));
    return { kind: 'diff', diffs: chain.slice(1).map((to, i) => diffSnapshots(chain[i]!, to)) };
  }
  return { kind: 'snapshot', snapshot: findSnapshot(snapshots, what) };
}

/** Largest map side, pixels. */
export const MAX_MAP_SIDE = 8192;

/** Size and title options shared by `render` and `report --map`, each bounded (a `USAGE` error names the limit). */
export function mapOptionsFrom(values: { width?: string | undefined; height?: string | undefined; title?: string | undefined }): MapOptions {
  const number = (name: 'width' | 'height'): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 100 || n > MAX_MAP_SIDE)
      throw new FrontlineError('USAGE', `--${name} must be a number of pixels from 100 to ${MAX_MAP_SIDE}, got "${String(raw)}"`);
    return n;
  };
  const width = number('width'),
    height = number('height');
  return {
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(typeof values.title === 'string' ? { title: values.title } : {}),
  };
}

/**
 * `--scale` for a PNG: a number in (0, 8], and no more than {@link MAX_PNG_PIXELS} pixels in
 * all for a map of `width` × `height`.
 */
export function pngScale(raw: unknown, width: number, height: number): number | undefined {
  if (raw === undefined) return undefined;
  const scale = Number(raw);
  if (!(scale > 0 && scale <= 8)) throw new FrontlineError('USAGE', `--scale must be a number in (0, 8], got "${String(raw)}"`);
  const pixels = width * scale * (height * scale);
  if (pixels > MAX_PNG_PIXELS) {
    throw new FrontlineError(
      'USAGE',
      `--scale ${scale} on a ${width}×${height} map makes ${Math.round(pixels / 1e6)} million pixels, more than the ${MAX_PNG_PIXELS / 1e6} million frontline draws; use a smaller scale or size`,
    );
  }
  return scale;
}
