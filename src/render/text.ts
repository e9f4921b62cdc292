/**
 * Text measurement for label placement, without a browser or a font parser: advance widths of
 * DejaVu Sans (the font the PNG renderer loads), in thousandths of the font size, measured once
 * with resvg (the width of twenty copies of a glyph less ten copies, over ten). Characters not
 * in the table count as 1 em, as wide as the widest glyphs listed, so that an estimate errs on
 * the side of a larger box. Kerning only narrows text, so the estimate bounds the rendered
 * width; test/render.test.ts checks it against resvg's own bounding boxes.
 */

const CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~°±²·ÄÇÖ×Üàâäçèéêîñôö÷ûüĞğİıŞşə–—‘’“”…→≈';
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838,
  531, 1000, 712, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 593, 732, 684, 989, 685, 611, 685, 390, 337, 390,
  838, 500, 500, 613, 635, 550, 635, 615, 344, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 394, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337,
  636, 838, 500, 838, 401, 318, 712, 698, 787, 838, 732, 613, 613, 613, 550, 615, 615, 615, 278, 634, 612, 612, 838, 634, 634, 775, 635, 295, 278, 635, 521,
  615, 500, 1000, 318, 318, 518, 518, 1000, 838, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838,
  580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 675, 705, 812, 774, 1103, 771, 724, 725, 457, 365, 457,
  838, 500, 500, 675, 716, 593, 716, 678, 405, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365,
  712, 838, 500, 838, 438, 380, 774, 734, 850, 838, 812, 675, 675, 675, 593, 678, 678, 678, 343, 712, 687, 687, 838, 712, 712, 821, 716, 372, 343, 675, 595,
  678, 500, 1000, 380, 380, 657, 657, 1000, 838, 838,
];

/** Width, in em, given to a character the table does not list. */
const UNKNOWN_EM = 1;

const regular = new Map<string, number>();
const bold = new Map<string, number>();
[...CHARS].forEach((c, i) => {
  regular.set(c, REGULAR[i]! / 1000);
  bold.set(c, BOLD[i]! / 1000);
});

/** The font family every text element of a map names first (see {@link textWidth}). */
export const MAP_FONT_FAMILY = 'DejaVu Sans';

/**
 * The font stack an SVG map names: DejaVu Sans (the font `frontline/node` sets PNG text in and
 * label boxes are measured for), then the fonts closest to it in width that browsers have:
 * Bitstream Vera Sans (its ancestor), Verdana (Windows, macOS), Geneva, then any sans-serif.
 */
export const MAP_FONT_STACK = `'${MAP_FONT_FAMILY}', 'Bitstream Vera Sans', Verdana, Geneva, sans-serif`;

/**
 * The advance width of `text` set in DejaVu Sans.
 *
 * @param text the string (one line).
 * @param fontSize in pixels.
 * @param weight `bold` for DejaVu Sans Bold.
 * @returns the width in pixels (an upper bound when the font is DejaVu Sans).
 * @example
 * textWidth('Kalbajar', 12); // ≈ 51 px
 */
export function textWidth(text: string, fontSize: number, weight: 'normal' | 'bold' = 'normal'): number {
  const table = weight === 'bold' ? bold : regular;
  let em = 0;
  for (const c of text) em += table.get(c) ?? UNKNOWN_EM;
  return em * fontSize;
}
