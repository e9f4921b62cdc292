/**
 * The built-in area of interest `ukraine-1991`: Ukraine in its internationally recognised
 * borders of 1991, with the sea off its coasts, compiled at build time from Natural Earth's
 * 1:50m countries (public domain) into `data/ukraine-1991.json`.
 *
 * Natural Earth draws the Crimean peninsula as Russia's (its de facto view), so the area is
 * Natural Earth's Ukraine, plus the polygon of Russia's that holds Crimea, plus the northern
 * Black Sea and the Sea of Azov (the box 29.5–39.8° E, 44.0–47.4° N less every country's
 * land in it): maps of the war draw islands (Zmiinyi, Tuzla) and coastal ground past a
 * coastline generalised to 1:50m, and those must count as inside. The box reaches no land of
 * another country that the sea polygon keeps: Romania's, Moldova's (Transnistria) and Russia's
 * (the Taman peninsula, the Azov coast) are taken out.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { insideRings } from '../kernel/contains.js';
import { difference, union } from '../kernel/overlay.js';

/** The sea kept with Ukraine: lon/lat box of the northern Black Sea and the Sea of Azov. */
export const UKRAINE_SEA_BOX: readonly [number, number, number, number] = [29.5, 44.0, 39.8, 47.4];

/** A point on the Crimean peninsula (Simferopol), to find the polygon that holds it. */
const CRIMEA: readonly [number, number] = [34.1, 45.0];

type Country = { properties?: Record<string, unknown> | null; geometry?: Polygon | MultiPolygon | null };

function polygonsOf(geometry: Polygon | MultiPolygon | null | undefined): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/**
 * Builds the area from Natural Earth's admin-0 countries (parsed `ne_50m_admin_0_countries.json`).
 *
 * @throws FrontlineError `UPSTREAM_MALFORMED` when Ukraine, or the polygon holding Crimea, is not there
 */
export function buildUkraineArea(countries: unknown): MultiPolygon {
  const features = ((countries as { features?: unknown[] })?.features ?? []) as Country[];
  const admin = (f: Country): unknown => f.properties?.ADMIN;
  const ukraine = features.filter((f) => admin(f) === 'Ukraine').flatMap((f) => polygonsOf(f.geometry));
  if (ukraine.length === 0) throw new FrontlineError('UPSTREAM_MALFORMED', 'natural-earth countries: no feature with ADMIN "Ukraine"');
  const crimea = features.flatMap((f) => polygonsOf(f.geometry)).filter((p) => insideRings(CRIMEA[0], CRIMEA[1], p));
  if (crimea.length !== 1)
    throw new FrontlineError(
      'UPSTREAM_MALFORMED',
      `natural-earth countries: expected one polygon holding Crimea (${CRIMEA.join(', ')}), found ${crimea.length}`,
    );
  const [x0, y0, x1, y1] = UKRAINE_SEA_BOX;
  const box: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
  const meets = (p: Position[][]): boolean => p[0]!.some((q) => q[0]! >= x0 - 1 && q[0]! <= x1 + 1 && q[1]! >= y0 - 1 && q[1]! <= y1 + 1);
  const land = features
    .filter((f) => admin(f) !== 'Ukraine')
    .flatMap((f) => polygonsOf(f.geometry))
    .filter((p) => p !== crimea[0] && meets(p));
  const sea = difference(box, { type: 'MultiPolygon', coordinates: land });
  return union({ type: 'MultiPolygon', coordinates: ukraine }, { type: 'MultiPolygon', coordinates: crimea }, sea);
}
