import path from 'node:path';
import { buildUkraineArea } from '../sources/ukraine-area.js';
import { shippedAreaPath, upstreamDir } from './paths.js';
import { readJsonFile } from './read-json.js';
import { writeOutput } from './write.js';

/** The Natural Earth file the built-in area of interest is compiled from, relative to the upstream directory. */
export const NATURAL_EARTH_COUNTRIES = 'natural-earth/ne_50m_admin_0_countries.json';

/**
 * Compiles the built-in area of interest `ukraine-1991` (see sources/ukraine-area.ts) and
 * writes it atomically as one GeoJSON Feature, coordinates rounded to 1e-4° (about 10 m, far
 * below what deciding which country a polygon lies in needs); returns the path. A build step
 * of the repository, like the Karabakh pack.
 */
export function writeUkraineArea(out = shippedAreaPath('ukraine-1991'), upstream = upstreamDir()): string {
  const countries = readJsonFile(path.join(upstream, NATURAL_EARTH_COUNTRIES), 'a GeoJSON FeatureCollection', 'UPSTREAM_MISSING');
  const geometry = buildUkraineArea(countries);
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  const coordinates = geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map((p) => [round(p[0]!), round(p[1]!)])));
  const feature = {
    type: 'Feature',
    properties: {
      name: 'Ukraine in its 1991 borders, with the sea off its coasts',
      source:
        "Natural Earth 1:50m admin-0 countries (Ukraine, and the Crimean peninsula Natural Earth draws as Russia's), plus the northern Black Sea and the Sea of Azov less other countries' land",
      licence: 'public domain (Natural Earth)',
    },
    geometry: { type: 'MultiPolygon', coordinates },
  };
  writeOutput(out, JSON.stringify(feature));
  return out;
}
