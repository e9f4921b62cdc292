import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { FrontlineError } from '../../errors.js';

/** An upstream file as read by the caller: its name (for messages) and its parsed JSON. */
export interface UpstreamFile {
  readonly file: string;
  readonly json: unknown;
}

/** Upstream files the pack is compiled from, relative to the upstream directory. */
export const KARABAKH_UPSTREAM = {
  disputedAreas: 'natural-earth/ne_10m_admin_0_disputed_areas.json',
  disputedLines: 'natural-earth/ne_10m_admin_0_boundary_lines_disputed_areas.json',
  landLines: 'natural-earth/ne_10m_admin_0_boundary_lines_land.json',
  districts: 'geoboundaries/geoBoundaries-AZE-ADM2.geojson',
} as const;

/**
 * Project-authored inputs, relative to the repository's `fixtures/` directory: the corridor
 * routes, and the lines of contact the snapshots are cut with (10 November 2020, southern and
 * northern fronts; 14 December 2020, the Khtsaberd–Hin Tagher pocket). All of them are
 * compiled into the pack, so nothing is read at run time.
 */
export const KARABAKH_FIXTURES = {
  corridor2020: 'lachin-corridor/route-2020.geojson',
  corridor2022: 'lachin-corridor/route-2022.geojson',
  lineOfContact2020: 'karabakh/line-of-contact-2020-11-10.geojson',
  lineOfContact2020North: 'karabakh/line-of-contact-2020-11-10-north.geojson',
  lineOfContact2020Khtsaberd: 'karabakh/line-of-contact-2020-12-14-khtsaberd.geojson',
} as const;

export type KarabakhSources = { readonly [K in keyof typeof KARABAKH_UPSTREAM]: UpstreamFile } & {
  readonly [K in keyof typeof KARABAKH_FIXTURES]: UpstreamFile;
};

type Props = Record<string, unknown>;

/** The features of an upstream FeatureCollection, or `UPSTREAM_MALFORMED` naming the file. */
export function featuresOf(source: UpstreamFile): Feature<Geometry | null, Props>[] {
  const json = source.json as { type?: unknown; features?: unknown } | null;
  if (typeof json !== 'object' || json === null || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw malformed(source, 'expected a GeoJSON FeatureCollection');
  }
  return json.features as Feature<Geometry | null, Props>[];
}

/** Features whose properties satisfy `match`, failing when fewer than `atLeast` are found. */
export function selectFeatures(source: UpstreamFile, what: string, match: (properties: Props) => boolean, atLeast = 1): Feature<Geometry, Props>[] {
  const found = featuresOf(source).filter(
    (f): f is Feature<Geometry, Props> => f !== null && typeof f === 'object' && f.geometry != null && match(f.properties ?? {}),
  );
  if (found.length < atLeast) {
    throw malformed(source, `expected ${atLeast === 1 ? 'a feature' : `at least ${atLeast} features`} with ${what}, found ${found.length}`);
  }
  return found;
}

export function areal(source: UpstreamFile, feature: Feature<Geometry, Props>, what: string): Polygon | MultiPolygon {
  const g = feature.geometry;
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') throw malformed(source, `${what} should be a (Multi)Polygon, is a ${g.type}`);
  return g;
}

export function linear(source: UpstreamFile, feature: Feature<Geometry, Props>, what: string): LineString | MultiLineString {
  const g = feature.geometry;
  if (g.type !== 'LineString' && g.type !== 'MultiLineString') throw malformed(source, `${what} should be a (Multi)LineString, is a ${g.type}`);
  return g;
}

export function malformed(source: UpstreamFile, expectation: string): FrontlineError {
  return new FrontlineError('UPSTREAM_MALFORMED', `${source.file}: ${expectation}`, { where: source.file });
}
