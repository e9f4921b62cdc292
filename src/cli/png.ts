import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FrontlineError } from '../errors.js';

/**
 * Fonts the PNG renderer loads, first found wins: DejaVu Sans (Debian/Ubuntu `fonts-dejavu-core`,
 * the font the map's label boxes are measured for), then the same font where other systems
 * put it. `FRONTLINE_FONT` names a TTF/OTF file to use instead.
 */
const FONT_CANDIDATES = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  ['/usr/local/share/fonts/DejaVuSans.ttf', '/usr/local/share/fonts/DejaVuSans-Bold.ttf'],
  ['/Library/Fonts/DejaVuSans.ttf', '/Library/Fonts/DejaVuSans-Bold.ttf'],
];

/**
 * The font files to render map text with: `FRONTLINE_FONT` if set, else DejaVu Sans (regular,
 * and bold when present).
 *
 * @throws FrontlineError `FONT_MISSING` naming where it looked and how to install the font.
 */
export function mapFontFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env.FRONTLINE_FONT;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new FrontlineError('FONT_MISSING', `FRONTLINE_FONT=${chosen}: no such font file (expected a TTF or OTF file)`, { where: chosen });
    return [chosen];
  }
  for (const [regular, bold] of FONT_CANDIDATES) {
    if (existsSync(regular!)) return existsSync(bold!) ? [regular!, bold!] : [regular!];
  }
  throw new FrontlineError(
    'FONT_MISSING',
    `no font to set map text in: DejaVu Sans not found (looked for ${FONT_CANDIDATES.map((c) => c[0]).join(', ')}); install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) or set FRONTLINE_FONT to a TTF/OTF file`,
  );
}

/**
 * Renders SVG text to PNG bytes with resvg: no browser, no system font lookup (only the files
 * {@link mapFontFiles} finds, so the picture is the same on every machine that has them).
 *
 * @param svg the SVG text (e.g. from `renderSvg`).
 * @param options.scale output pixels per SVG pixel (default 1; 2 for a high-density image).
 * @returns the PNG file's bytes.
 */
export function svgToPng(svg: string, options: { scale?: number; fontFiles?: string[] } = {}): Buffer {
  const fontFiles = options.fontFiles ?? mapFontFiles();
  const resvg = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: options.scale && options.scale !== 1 ? { mode: 'zoom', value: options.scale } : { mode: 'original' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/**
 * Writes a map to `file`: PNG when the name ends in `.png`, the SVG text when it ends in `.svg`.
 * Creates the directory if needed.
 *
 * @returns the number of bytes written.
 * @throws FrontlineError `USAGE` for another extension, `FONT_MISSING` for a PNG without a font,
 *   `FILE_UNWRITABLE` when the file cannot be written.
 */
export function writeMap(file: string, svg: string, options: { scale?: number } = {}): number {
  const ext = path.extname(file).toLowerCase();
  let bytes: Buffer;
  if (ext === '.png') bytes = svgToPng(svg, options);
  else if (ext === '.svg') bytes = Buffer.from(svg, 'utf8');
  else throw new FrontlineError('USAGE', `${file}: a map is written as .svg or .png, not "${ext || '(no extension)'}"`, { where: file });
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, bytes);
  } catch (cause) {
    throw new FrontlineError('FILE_UNWRITABLE', `${file}: cannot write the map (${(cause as Error).message})`, { where: file, cause });
  }
  return bytes.length;
}
