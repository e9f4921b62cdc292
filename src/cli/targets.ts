import { diffSnapshots, findSnapshot, FrontlineError, type ControlSnapshot, type LayerPack, type MapOptions, type SnapshotDiff } from '../index.js';
import { readPackFile, readSnapshotFile } from '../node/index.js';
import { karabakhPack, karabakhSnapshots } from '../scenarios/karabakh/index.js';
import type { OptionValues } from './command.js';

/** What a map or an export is of, once the command line's word for it is resolved. */
export type Target =
  | { kind: 'layers' }
  | { kind: 'snapshot'; snapshot: ControlSnapshot }
  | { kind: 'diff'; diffs: SnapshotDiff[] };

/** `--pack FILE` when given, else the pack that ships with frontline. */
export function packFrom(values: OptionValues): LayerPack {
  return typeof values.pack === 'string' ? readPackFile(values.pack) : karabakhPack();
}

/** The built-in Karabakh snapshots plus any read with `--snapshot-file`. */
export function loadSnapshots(pack: LayerPack, values: OptionValues): ControlSnapshot[] {
  const files = (values['snapshot-file'] as string[] | undefined) ?? [];
  return [...karabakhSnapshots(pack), ...files.map(readSnapshotFile)];
}

/**
 * Resolves `layers`, a snapshot id or date, or `A..B` (a diff; `A..B..C` a chain of diffs)
 * against the pack's snapshots and those of `--snapshot-file`.
 */
export function resolveTarget(what: string, pack: LayerPack, values: OptionValues): Target {
  if (what === 'layers') return { kind: 'layers' };
  const snapshots = loadSnapshots(pack, values);
  if (what.includes('..')) {
    const ids = what.split('..').map((s) => s.trim());
    if (ids.length < 2 || ids.some((id) => id === '')) throw new FrontlineError('USAGE', `"${what}": a diff is written FROM..TO (or FROM..VIA..TO), with snapshot ids or dates`);
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
