import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FrontlineError } from '../errors.js';
import { loadPack, type LayerPack } from '../model/layer.js';
import { buildKarabakhPack } from '../scenarios/karabakh/build.js';
import { KARABAKH_FIXTURES, KARABAKH_UPSTREAM, type KarabakhSources, type UpstreamFile } from '../scenarios/karabakh/sources.js';
import { defaultPackPath, fixturesDir, upstreamDir } from './paths.js';

/** Reads and parses a JSON file; failures name the file and what was expected of it. */
export function readJsonFile(file: string, expected: string, missingCode: 'UPSTREAM_MISSING' | 'FILE_UNREADABLE' = 'FILE_UNREADABLE'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (cause as Error).message;
    throw new FrontlineError(missingCode, `${file}: ${reason} (expected ${expected})`, { where: file, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const code = missingCode === 'UPSTREAM_MISSING' ? 'UPSTREAM_MALFORMED' : 'FILE_UNREADABLE';
    throw new FrontlineError(code, `${file}: not valid JSON (expected ${expected}): ${(cause as Error).message}`, { where: file, cause });
  }
}

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

/** Compiles the Karabakh pack from the sources and writes it atomically; returns the path. */
export function writeKarabakhPack(out = defaultPackPath(), upstream = upstreamDir()): string {
  const topology = buildKarabakhPack(readKarabakhSources(upstream));
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(topology));
  renameSync(tmp, out);
  return out;
}

/** Loads the pack at `file`, building it first when it is the default pack and missing. */
export function openPack(file?: string, onBuild?: (file: string) => void): LayerPack {
  const target = file ?? defaultPackPath();
  if (!existsSync(target)) {
    if (file !== undefined) throw new FrontlineError('PACK_MISSING', `${file}: no such pack file`, { where: file });
    onBuild?.(target);
    writeKarabakhPack(target);
  }
  return loadPack(readJsonFile(target, 'a frontline TopoJSON layer pack'));
}
