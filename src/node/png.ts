import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FrontlineError } from '../errors.js';
import { MAP_FONT_FAMILY } from '../render/text.js';
import { shippedFontsDir } from './paths.js';
import { writeOutput } from './write.js';

/**
 * The fonts that ship with the package (`data/fonts/`): DejaVu Sans and DejaVu Sans Bold,
 * cut at build time to the scripts map text needs (Latin with Azerbaijani and the other
 * Latin-script languages, Cyrillic, Armenian, punctuation, arrows and the usual signs), so
 * every machine renders the same PNG with no font installed.
 */
export const SHIPPED_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

/**
 * The font files map text is set in: `FRONTLINE_FONT` (a TTF/OTF file) when set, else the
 * fonts that ship with the package.
 *
 * @throws FrontlineError `FONT_MISSING` when the chosen font, or a shipped one (a checkout not
 *   yet built), is not there.
 */
export function mapFontFiles(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const chosen = env.FRONTLINE_FONT;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen))
      throw new FrontlineError('FONT_MISSING', `FRONTLINE_FONT=${chosen}: no such font file (expected a TTF or OTF file)`, { where: chosen });
    return [chosen];
  }
  const files = SHIPPED_FONT_FILES.map((name) => path.join(shippedFontsDir(), name));
  const missing = files.find((f) => !existsSync(f));
  if (missing !== undefined) {
    throw new FrontlineError(
      'FONT_MISSING',
      `${missing}: the map font is missing from this copy of frontline (in a checkout, run npm run build; or set FRONTLINE_FONT to a TTF/OTF file)`,
      {
        where: missing,
      },
    );
  }
  return files;
}

/** Largest PNG drawn, pixels: 64 million, about 256 MB of RGBA while it is drawn. */
export const MAX_PNG_PIXELS = 64e6;

// resvg is a native addon; loaded on the first PNG, so that programs that never draw one
// (and every CLI command but render and report --map) do not pay for it.
let resvg: typeof import('@resvg/resvg-js') | undefined;
function loadResvg(): typeof import('@resvg/resvg-js') {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return resvg;
}

/**
 * Renders SVG text to PNG bytes with resvg: no browser and no system fonts (only the files of
 * {@link mapFontFiles}, so the picture is the same on every machine).
 *
 * @param svg the SVG text (e.g. from `renderSvg`).
 * @param options.scale output pixels per SVG pixel (default 1; 2 for a high-density image).
 * @param options.fontFiles TTF/OTF files to set text in instead of {@link mapFontFiles}.
 * @returns the PNG file's bytes (a Node Buffer).
 * @example
 * writeFileSync('map.png', svgToPng(renderKarabakhSnapshot('2020-12-01').svg));
 */
export function svgToPng(svg: string, options: { scale?: number; fontFiles?: string[] } = {}): Uint8Array {
  const fontFiles = options.fontFiles ?? mapFontFiles();
  const scale = options.scale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) throw new FrontlineError('INVALID_ARGUMENT', `svgToPng: scale must be a positive number, got ${scale}`);
  const renderer = new (loadResvg().Resvg)(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: MAP_FONT_FAMILY, sansSerifFamily: MAP_FONT_FAMILY },
    fitTo: scale !== 1 ? { mode: 'zoom', value: scale } : { mode: 'original' },
    background: '#ffffff',
  });
  // Checked before drawing: the pixels are allocated at once, and a careless size takes gigabytes.
  const pixels = renderer.width * scale * (renderer.height * scale);
  if (!(pixels <= MAX_PNG_PIXELS)) {
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `svgToPng: ${Math.round(renderer.width * scale)}×${Math.round(renderer.height * scale)} is ${Math.round(pixels / 1e6)} million pixels, more than the ${MAX_PNG_PIXELS / 1e6} million frontline draws`,
    );
  }
  return renderer.render().asPng();
}

/**
 * Writes a map to `file`: PNG when the name ends in `.png`, the SVG text when it ends in `.svg`,
 * through the one writer (`writeOutput`: a temporary file renamed into place, missing folders
 * created, no writing through a symbolic link).
 *
 * @returns the number of bytes written.
 * @throws FrontlineError `USAGE` for another extension, `FONT_MISSING` for a PNG without a font,
 *   `FILE_UNWRITABLE` when the file cannot be written.
 */
export function writeMap(file: string, svg: string, options: { scale?: number } = {}): number {
  const ext = path.extname(file).toLowerCase();
  let bytes: Uint8Array;
  if (ext === '.png') bytes = svgToPng(svg, options);
  else if (ext === '.svg') bytes = Buffer.from(svg, 'utf8');
  else throw new FrontlineError('USAGE', `${file}: a map is written as .svg or .png, not "${ext || '(no extension)'}"`, { where: file });
  return writeOutput(file, bytes).bytes;
}
