/**
 * Compiles what the package ships beside its code, into data/:
 *
 * - karabakh.topo.json: the Karabakh layer pack, from the upstream sources in
 *   ../shared/data/upstream (or FRONTLINE_UPSTREAM) and the project's authored fixtures;
 * - ukraine-1991.json: the built-in area of interest of the live-map profile, from Natural
 *   Earth's 1:50m countries in the same upstream directory (src/sources/ukraine-area.ts);
 * - fonts/DejaVuSans.ttf, fonts/DejaVuSans-Bold.ttf and fonts/LICENSE: the map font, cut
 *   from the npm package dejavu-fonts-ttf to the characters map text needs, without hinting
 *   (resvg renders outlines anti-aliased and ignores it), so that a PNG looks the same on
 *   every machine and the package stays small.
 *
 *   npx tsx scripts/build-data.ts        (part of npm run build)
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import subsetFont from 'subset-font';
import { writeUkraineArea } from '../src/node/area-files.js';
import { writeKarabakhPack } from '../src/node/karabakh-files.js';
import { SHIPPED_FONT_FILES } from '../src/node/png.js';
import { shippedFontsDir, shippedPackPath } from '../src/node/paths.js';

/**
 * Characters kept in the map font: Latin (with Azerbaijani Əə and the Latin Extended-A letters
 * of Turkish, Polish, Czech, Romanian...), Cyrillic as Russian, Ukrainian, Belarusian,
 * Bulgarian, Serbian, Macedonian and Azerbaijani Cyrillic write it, Armenian, typographic
 * punctuation, the euro and numero signs, arrows, and the signs tables and legends use.
 */
const RANGES: readonly [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x18f, 0x18f],
  [0x218, 0x21b],
  [0x259, 0x259],
  [0x400, 0x45f],
  [0x490, 0x493],
  [0x496, 0x497],
  [0x49a, 0x49b],
  [0x4ae, 0x4b1],
  [0x4b8, 0x4bb],
  [0x4d8, 0x4d9],
  [0x4e8, 0x4e9],
  [0x531, 0x556],
  [0x559, 0x55f],
  [0x561, 0x587],
  [0x589, 0x58a],
  [0x2013, 0x2014],
  [0x2018, 0x201e],
  [0x2020, 0x2022],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x2039, 0x203a],
  [0x20ac, 0x20ac],
  [0x2116, 0x2116],
  [0x2122, 0x2122],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
  [0x2248, 0x2248],
  [0x2260, 0x2265],
  [0x25a0, 0x25a1],
  [0x25b2, 0x25b2],
  [0x25bc, 0x25bc],
  [0x25cf, 0x25cf],
];

/** The part of {@link RANGES} the bold face keeps. */
const BOLD_RANGES: readonly [number, number][] = [
  [0x20, 0x17f],
  [0x18f, 0x18f],
  [0x218, 0x21b],
  [0x259, 0x259],
  [0x400, 0x45f],
  [0x2013, 0x25cf],
];

async function buildFonts(): Promise<void> {
  const require = createRequire(import.meta.url);
  const source = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  const out = shippedFontsDir();
  mkdirSync(out, { recursive: true });
  const text = RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))).join('');
  for (const name of SHIPPED_FONT_FILES) {
    // Bold sets titles, headings and the north arrow: Latin and basic Cyrillic; any other letter
    // in a bold title falls back to the regular face, which has them all.
    const keep = name.includes('Bold')
      ? [...text].filter((c) => BOLD_RANGES.some(([from, to]) => c.codePointAt(0)! >= from && c.codePointAt(0)! <= to)).join('')
      : text;
    const subset = await subsetFont(readFileSync(path.join(source, 'ttf', name)), keep, { targetFormat: 'truetype', noHinting: true });
    const file = path.join(out, name);
    writeFileSync(`${file}.tmp`, subset);
    renameSync(`${file}.tmp`, file);
    console.error(`frontline: wrote ${file} (${subset.length.toLocaleString('en')} bytes)`);
  }
  copyFileSync(path.join(source, 'LICENSE'), path.join(out, 'LICENSE'));
}

console.error(`frontline: wrote ${writeKarabakhPack(shippedPackPath())}`);
console.error(`frontline: wrote ${writeUkraineArea()}`);
await buildFonts();
