import { FrontlineError } from '../errors.js';
import { layerAreas, type AreaRow } from './areas.js';
import { checkClaim, resolverFrom, type Claim, type ClaimCheck } from './claim.js';
import { diffSnapshots, type DiffRegion, type SnapshotDiff } from './diff.js';
import type { LayerPack } from './layer.js';
import type { ControlSnapshot } from './snapshot.js';

/** What a report covers: a pack, its snapshots, which of them to compare, and claims to test. */
export interface ReportInput {
  pack: LayerPack;
  snapshots: readonly ControlSnapshot[];
  /** Snapshot ids to diff in sequence: [a, b, c] gives a → b and b → c. */
  diffChain: readonly string[];
  /** Regions each transfer is broken down by (districts, an oblast...). */
  regions?: readonly DiffRegion[];
  claims?: readonly Claim[];
}

export interface SnapshotSummary {
  id: string;
  date: string;
  label: string;
  sources: readonly string[];
  notes: string | undefined;
  accuracy: string | undefined;
  controllers: { controller: string; areaKm2: number }[];
  method: 'ellipsoidal';
}

/** A diff without its geometry: the numbers a table or a JSON consumer needs. */
export type DiffSummary = Omit<SnapshotDiff, 'controllers' | 'transfers'> & {
  controllers: Omit<SnapshotDiff['controllers'][number], 'gained' | 'lost' | 'retained'>[];
  transfers: Omit<SnapshotDiff['transfers'][number], 'geometry'>[];
};

/** The four tables of a report; every area in km², ellipsoidal. */
export interface Report {
  layers: AreaRow[];
  snapshots: SnapshotSummary[];
  diffs: DiffSummary[];
  claims: ClaimCheck[];
}

/** Summarises a snapshot: its metadata and each controller's area. */
export function summariseSnapshot(snapshot: ControlSnapshot): SnapshotSummary {
  return {
    id: snapshot.id,
    date: snapshot.date,
    label: snapshot.label,
    sources: snapshot.sources,
    notes: snapshot.notes,
    accuracy: snapshot.accuracy,
    controllers: snapshot.controllers.map((controller) => ({ controller, areaKm2: snapshot.areaKm2(controller) })),
    method: 'ellipsoidal',
  };
}

/** Drops the geometry of a diff, keeping every number. */
export function summariseDiff(diff: SnapshotDiff): DiffSummary {
  return {
    ...diff,
    controllers: diff.controllers.map(({ gained: _g, lost: _l, retained: _r, ...numbers }) => numbers),
    transfers: diff.transfers.map(({ geometry: _geometry, ...numbers }) => numbers),
  };
}

/**
 * Works out a report: layer areas, each snapshot's area per controller, the diffs along
 * `diffChain` broken down by region, and every claim with each of its readings.
 *
 * @throws FrontlineError `UNKNOWN_SNAPSHOT` when the chain names a snapshot that is not given.
 */
export function buildReport(input: ReportInput): Report {
  const byId = new Map(input.snapshots.map((s) => [s.id, s]));
  const get = (id: string): ControlSnapshot => {
    const found = byId.get(id);
    if (!found) {
      throw new FrontlineError('UNKNOWN_SNAPSHOT', `no snapshot "${id}" (snapshots: ${[...byId.keys()].join(', ')})`, { where: id });
    }
    return found;
  };
  const chain = input.diffChain.map(get);
  const diffs: DiffSummary[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    diffs.push(summariseDiff(diffSnapshots(chain[i]!, chain[i + 1]!, { regions: input.regions ? [...input.regions] : [] })));
  }
  const resolver = resolverFrom(input.pack, input.snapshots);
  return {
    layers: layerAreas(input.pack),
    snapshots: input.snapshots.map(summariseSnapshot),
    diffs,
    claims: (input.claims ?? []).map((claim) => checkClaim(claim, resolver)),
  };
}
