import { existsSync } from 'node:fs';
import path from 'node:path';
import { FrontlineError } from '../errors.js';
import { loadPack, quantizedPack, type LayerPack } from '../model/layer.js';
import { buildKarabakhPack } from '../scenarios/karabakh/build.js';
import { KARABAKH_FIXTURES, KARABAKH_UPSTREAM, type KarabakhSources, type UpstreamFile } from '../scenarios/karabakh/sources.js';
import { fixturesDir, shippedPackPath, upstreamDir } from './paths.js';
import { readJsonFile } from './read-json.js';
import { writeOutput } from './write.js';

/** Reads every source of the Karabakh pack from an upstream directory and the fixtures. */
export function readKarabakhSources(upstream = upstreamDir(), fixtures = fixturesDir()): KarabakhSources {
  const read = (dir: string, relative: string, code: 'UPSTREAM_MISSING' | 'FILE_UNREADABLE'): UpstreamFile => ({
    file: relative,
    json: readJsonFile(path.join(dir, relative), 'a GeoJSON FeatureCollection', code),
  });
  const entries = [
    ...Object.entries(KARABAKH_UPSTREAM).map(([key, rel]) => [key, read(upstream, rel, 'UPSTREAM_MISSING')] as const),
    ...Object.entries(KARABAKH_FIXTURES).map(([key, rel]) => [key, read(fixtures, rel, 'FILE_UNREADABLE')] as const),
  ];
  return Object.fromEntries(entries) as unknown as KarabakhSources;
}

/**
 * Compiles the Karabakh pack from the upstream sources and writes it atomically; returns the
 * path. A build step of the repository (`npm run build`): the published package ships the
 * compiled pack and never builds it.
 */
export function writeKarabakhPack(out = shippedPackPath(), upstream = upstreamDir()): string {
  // The authored and upstream coordinates carry at most nine decimals: quantized on that grid,
  // the shipped file is a quarter smaller and reads back to the same positions.
  writeOutput(out, JSON.stringify(quantizedPack(buildKarabakhPack(readKarabakhSources(upstream)))));
  return out;
}

/**
 * A layer pack read from a TopoJSON file of your own (as `frontline build-data --out` or
 * `packTopology` writes them).
 *
 * @throws FrontlineError `PACK_MISSING` when there is no such file; the file-reading codes of
 *   `readJsonFile`; `PACK_MALFORMED` when it is not a pack.
 */
export function readPackFile(file: string): LayerPack {
  if (!existsSync(file)) throw new FrontlineError('PACK_MISSING', `${file}: no such pack file`, { where: file });
  return loadPack(readJsonFile(file, 'a frontline TopoJSON layer pack'));
}
