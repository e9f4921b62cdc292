import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { FeatureCollection, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPackPath } from '../src/node/paths.js';
import { mapFontFiles, svgToPng } from '../src/node/png.js';
import { run } from '../src/cli/run.js';
import { diffSnapshots, type SnapshotDiff } from '../src/model/diff.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import { ControlSnapshot } from '../src/model/snapshot.js';
import { sharedBoundary } from '../src/render/contact.js';
import { KARABAKH_COLOURS, KARABAKH_PLACES, renderKarabakhDiff, renderKarabakhLayers, renderKarabakhSnapshot } from '../src/scenarios/karabakh/index.js';
import { boxesMeet, placeLabels, type LabelRequest } from '../src/render/labels.js';
import { renderMap, renderSvg, type RenderedMap } from '../src/render/map.js';
import { OKABE_ITO } from '../src/render/palette.js';
import { textWidth } from '../src/render/text.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { catchError } from './support/assert.js';
import { fixturesDir, repoRoot } from './support/paths.js';
import { referenceDistance } from './support/reference.js';

let pack: LayerPack;
let snapshots: readonly ControlSnapshot[];
let chain: SnapshotDiff[];
const byId = (id: string) => snapshots.find((s) => s.id === id)!;

beforeAll(() => {
  pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
  const _line = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/karabakh/line-of-contact-2020-11-10.geojson'), 'utf8'));
  snapshots = karabakhSnapshots(pack);
  chain = [diffSnapshots(byId('karabakh-1994-05-12'), byId('karabakh-2020-11-10')), diffSnapshots(byId('karabakh-2020-11-10'), byId('karabakh-2020-12-01'))];
});

/** Every `d` attribute's numbers. */
function pathNumbers(svg: string): number[][] {
  return [...svg.matchAll(/ d="([^"]*)"/g)].map((m) => (m[1]!.match(/-?[\d.]+(?:e-?\d+)?|NaN|Infinity/g) ?? []).map(Number));
}

function labelBoxes(svg: string): { x: number; y: number; width: number; height: number }[] {
  return [...svg.matchAll(/data-bbox="([^"]+)"/g)].map((m) => {
    const [x, y, width, height] = m[1]!.split(' ').map(Number) as [number, number, number, number];
    return { x, y, width, height };
  });
}

/** Checks every map must pass: structure, finite paths, labels apart, furniture present. */
function checkStructure(map: RenderedMap, legendTexts: string[]): void {
  const svg = map.svg;
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).toMatch(/<title>[^<]+<\/title>/);
  expect(svg).toContain('class="title"');
  expect(svg).toContain('class="legend"');
  for (const text of legendTexts) expect(svg, text).toContain(text);
  // Scale bar in km and a north arrow.
  expect(svg).toMatch(/class="scale-bar" data-km="\d+"/);
  expect(svg).toMatch(/>\d+ km</);
  expect(svg).toContain('class="north-arrow"');
  // Credits.
  expect(svg).toContain('Natural Earth; geoBoundaries, CC BY-SA 3.0');
  // Every path's numbers are finite.
  const paths = pathNumbers(svg);
  expect(paths.length).toBeGreaterThan(5);
  for (const numbers of paths) {
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every(Number.isFinite)).toBe(true);
  }
  // No two label boxes meet, and the SVG carries the boxes the layout returned.
  const boxes = labelBoxes(svg);
  expect(boxes.length).toBe(map.labels.length);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(boxesMeet(boxes[i]!, boxes[j]!), `labels ${i} and ${j}`).toBe(false);
}

describe('renderMap on the Karabakh pack', () => {
  it('draws the layers with a legend entry per layer, labels and credits', () => {
    const map = renderKarabakhLayers({ pack });
    checkStructure(map, ['control-1994', 'handover-2020', 'lachin-corridor', 'nkao-1991', 'districts', 'ceasefire-line-1994', 'borders']);
    // Every district is labelled and no label was dropped.
    for (const name of ['KALBAJAR', 'LACHIN', 'QUBADLI', 'ZANGILAN', 'JABRAYIL', 'FUZULI', 'AGDAM']) expect(map.svg).toContain(`>${name}<`);
    expect(map.droppedLabels).toEqual([]);
    expect(map.svg).toContain('Lachin corridor routes authored for frontline');
  });

  it('draws a snapshot: a legend entry per controller with its area, the line of contact dashed, the corridor as a band', () => {
    const snapshot = byId('karabakh-2020-12-01');
    const map = renderKarabakhSnapshot(snapshot, { pack });
    checkStructure(map, [
      'Armenian forces: 3,351.7 km²',
      'Azerbaijan: 9,796.7 km²',
      'Russian peacekeepers: 58.7 km²',
      'Line of contact, 2020-12-01',
      'Lachin corridor, 5 km',
    ]);
    expect(map.svg).toMatch(/class="line-of-contact"[^>]*|stroke-dasharray="7 4"[^>]*class="line-of-contact"/);
    expect(map.svg).toMatch(/<path d="[^"]+" fill="none" stroke="#009E73" stroke-width="1.6" class="band"\/>/);
    // The authored lines are credited on maps that depend on them, and where they may lie is outlined.
    expect(map.svg).toContain('Lines of contact of 10 Nov. and 14 Dec. 2020 authored for frontline');
    expect(map.svg).toMatch(/<path d="[^"]+" fill="none" stroke="#CC79A7" stroke-width="1.6" class="band"\/>/);
    expect(map.svg).toContain('Where the line of contact may lie on');
    // Controllers in Okabe–Ito colours.
    for (const colour of Object.values(KARABAKH_COLOURS)) expect(Object.values(OKABE_ITO)).toContain(colour);
  });

  it('draws a diff: gained striped, lost dotted, each in its controller colour, lines before and after', () => {
    const map = renderKarabakhDiff(chain[0]!, { pack });
    checkStructure(map, ['Azerbaijan gained 3,868.5 km²', 'Armenian forces lost 3,868.5 km²', 'Line of contact, 1994-05-12', 'Line of contact, 2020-11-10']);
    const gained = /<pattern id="gained-azerbaijan-0"[^>]*>(.*?)<\/pattern>/.exec(map.svg)![1]!;
    const lost = /<pattern id="lost-armenian-forces"[^>]*>(.*?)<\/pattern>/.exec(map.svg)![1]!;
    // Gained and lost differ in shape (stripes vs dots), not only in colour.
    expect(gained).toContain('<line');
    expect(gained).toContain(`stroke="${KARABAKH_COLOURS.azerbaijan}"`);
    expect(lost).toContain('<circle');
    expect(lost).toContain(`fill="${KARABAKH_COLOURS['armenian-forces']}"`);
    expect(map.svg).toMatch(/fill="url\(#gained-azerbaijan-0\)"[^>]*class="gained azerbaijan step-0"/);
    expect(map.svg).toMatch(/fill="url\(#lost-armenian-forces\)"[^>]*class="lost armenian-forces"/);
  });

  it('draws the 2020 chain: each step its own stripes, what each side held at the end', () => {
    const map = renderKarabakhDiff(chain, { pack });
    checkStructure(map, [
      'Held on 2020-12-01',
      'Gained 1994-05-12 → 2020-11-10',
      'Gained 2020-11-10 → 2020-12-01',
      'Azerbaijan gained 4,647.9 km²',
      'Russian peacekeepers gained 58.7 km²',
    ]);
    const step0 = /<pattern id="gained-azerbaijan-0"[^>]*patternTransform="rotate\(([-\d.]+)\)"/.exec(map.svg)![1];
    const step1 = /<pattern id="gained-azerbaijan-1"[^>]*patternTransform="rotate\(([-\d.]+)\)"/.exec(map.svg)![1];
    expect(step0).not.toBe(step1);
  });

  it('has a scale bar true at the centre: Stepanakert–Lachin measured on the map is the geodesic distance', () => {
    const map = renderKarabakhSnapshot(byId('karabakh-2020-12-01'), { pack });
    const stepanakert = KARABAKH_PLACES.find((p) => p.name === 'Stepanakert')!.position;
    const lachin = KARABAKH_PLACES.find((p) => p.name === 'Lachin')!.position;
    const [x1, y1] = map.projection.project(stepanakert);
    const [x2, y2] = map.projection.project(lachin);
    const measuredKm = Math.hypot(x2 - x1, y2 - y1) / (map.scaleBar.pixels / map.scaleBar.km);
    const trueKm = referenceDistance(stepanakert, lachin) / 1000;
    expect(trueKm).toBeGreaterThan(24);
    expect(trueKm).toBeLessThan(28);
    // Albers with standard parallels inside the area: scale within half a percent off the centre.
    expect(Math.abs(measuredKm - trueKm) / trueKm).toBeLessThan(0.005);
    // The bar drawn is as long as the projection says that many km are.
    const drawn = /class="scale-bar" data-km="(\d+)" data-pixels="([\d.]+)"/.exec(map.svg)!;
    expect(Number(drawn[1])).toBe(map.scaleBar.km);
    expect(Math.abs(Number(drawn[2]) - map.scaleBar.km * map.projection.pixelsPerKm)).toBeLessThan(0.06);
  });

  it('points the north arrow along the meridian where it stands', () => {
    const map = renderKarabakhSnapshot(byId('karabakh-1994-05-12'), { pack });
    const angle = Number(/class="north-arrow" data-angle="([-\d.]+)"/.exec(map.svg)![1]);
    // West of the central meridian, meridians of a conic lean to the right going north.
    expect(angle).toBeGreaterThan(0);
    expect(angle).toBeLessThan(5);
  });
});

describe('text widths', () => {
  it('bound the width resvg renders in DejaVu Sans, for every label and legend text of a map', () => {
    const map = renderKarabakhDiff(chain, { pack });
    const texts = [...map.svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    expect(texts.length).toBeGreaterThan(20);
    const fontFiles = mapFontFiles();
    for (const weight of ['normal', 'bold'] as const) {
      for (const text of new Set(texts)) {
        const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="100"><text x="10" y="60" font-family="DejaVu Sans" font-size="40" font-weight="${weight}">${esc}</text></svg>`;
        const box = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).getBBox();
        expect(box, text).toBeDefined();
        expect(box!.width, `${weight} "${text}"`).toBeLessThanOrEqual(textWidth(text, 40, weight) + 0.5);
      }
    }
  });
});

describe('placeLabels', () => {
  const frame = { x: 0, y: 0, width: 400, height: 300 };

  it('keeps every box apart when many labels want the same spot, moving some away on leaders or dropping them', () => {
    const requests: LabelRequest[] = Array.from({ length: 30 }, (_, i) => ({
      text: `Label number ${i}`,
      anchor: [200, 150] as [number, number],
      fontSize: 12,
      kind: i % 2 ? 'point' : 'area',
      priority: i,
    }));
    const layout = placeLabels(requests, [{ x: 180, y: 140, width: 10, height: 10 }], frame);
    expect(layout.placed.length + layout.dropped.length).toBe(30);
    expect(layout.placed.some((l) => l.leader)).toBe(true);
    expect(layout.dropped.length).toBeGreaterThan(0);
    const boxes = layout.placed.map((l) => l.box);
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i]!;
      expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 400 && b.y + b.height <= 300).toBe(true);
      expect(boxesMeet(b, { x: 180, y: 140, width: 10, height: 10 })).toBe(false);
      for (let j = i + 1; j < boxes.length; j++) expect(boxesMeet(b, boxes[j]!)).toBe(false);
    }
    // Priority wins the spot: the highest goes first and sits on its anchor.
    const top = layout.placed.find((l) => l.request.priority === 29)!;
    expect(top.leader).toBeUndefined();
  });

  it('puts a lone label where it was asked', () => {
    const layout = placeLabels([{ text: 'Alone', anchor: [100, 100], fontSize: 12, kind: 'area', priority: 1 }], [], frame);
    expect(layout.placed).toHaveLength(1);
    expect(layout.placed[0]!.x).toBe(100);
  });
});

describe('sharedBoundary', () => {
  it('finds the edge two squares share, and nothing between squares that do not touch', () => {
    const fc = JSON.parse(readFileSync(path.join(fixturesDir, 'snapshots/squares-before.geojson'), 'utf8')) as FeatureCollection<Polygon>;
    const [a, b] = fc.features.map((f) => f.geometry);
    // The fixture's first two squares meet along longitude 10.2 from 50.0 to 50.2 (read from the file).
    const line = sharedBoundary(a!, b!);
    expect(line.coordinates.length).toBe(1);
    const xs = line.coordinates[0]!.map((p) => p[0]);
    const ys = line.coordinates[0]!.map((p) => p[1]!);
    expect(new Set(xs)).toEqual(new Set([10.2]));
    expect(Math.min(...ys)).toBe(50.0);
    expect(Math.max(...ys)).toBe(50.2);
    const far: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [20, 50],
          [20.1, 50],
          [20.1, 50.1],
          [20, 50],
        ],
      ],
    };
    expect(sharedBoundary(a!, far).coordinates).toEqual([]);
  });
});

describe('renderSvg on any snapshot', () => {
  it('draws a snapshot read from a file, with colours assigned and no context', () => {
    const fc = JSON.parse(readFileSync(path.join(fixturesDir, 'snapshots/squares-before.geojson'), 'utf8'));
    const snapshot = ControlSnapshot.fromFeatureCollection(fc, fc.snapshot);
    const svg = renderSvg(snapshot, { credits: ['Natural Earth; geoBoundaries, CC BY-SA 3.0 (test)'] });
    for (const c of snapshot.controllers) expect(svg).toContain(`${c}: `);
    expect(pathNumbers(svg).every((n) => n.every(Number.isFinite))).toBe(true);
  });

  it('refuses an empty input and diffs that do not chain', () => {
    expect(catchError(() => renderSvg([])).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => renderSvg([chain[1]!, chain[0]!])).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => renderMap(byId('karabakh-1994-05-12'), { width: 100 })).code).toBe('INVALID_ARGUMENT');
  });
});

describe('PNG', () => {
  it('renders with resvg: the size asked, and a picture, not a blank', () => {
    const map = renderKarabakhDiff(chain, { pack });
    const png = Buffer.from(svgToPng(map.svg));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(900);
    const image = new Resvg(map.svg, { font: { fontFiles: mapFontFiles(), loadSystemFonts: false } }).render();
    const pixels = image.pixels;
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i]! < 240 || pixels[i + 1]! < 240 || pixels[i + 2]! < 240) inked++;
      if (i % 64 === 0) colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
    }
    expect(inked / (pixels.length / 4)).toBeGreaterThan(0.3);
    expect(colours.size).toBeGreaterThan(50);
  });

  it('renders twice as large with scale 2', () => {
    const png = Buffer.from(svgToPng(renderKarabakhSnapshot(byId('karabakh-2023-09-20'), { pack }).svg, { scale: 2 }));
    expect(png.readUInt32BE(16)).toBe(2400);
  });

  it('sets text in the font that ships with the package, with no system font in reach', () => {
    // The fonts come from the package itself, never from the system's font folders.
    const files = mapFontFiles({});
    expect(files.map((f) => path.relative(repoRoot, f))).toEqual([
      path.join('data', 'fonts', 'DejaVuSans.ttf'),
      path.join('data', 'fonts', 'DejaVuSans-Bold.ttf'),
    ]);
    // resvg with system fonts off and only those files: Latin with Azerbaijani letters, Cyrillic
    // and Armenian all leave ink; a family no file provides falls back to DejaVu Sans.
    const inkOf = (text: string, family = 'DejaVu Sans', fontFiles = files): number => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="600" height="80" fill="#fff"/><text x="10" y="55" font-family="${family}" font-size="40">${text}</text></svg>`;
      const pixels = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().pixels;
      let inked = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) inked++;
      return inked;
    };
    for (const text of ['Kəlbəcər Ağdam', 'Степанакерт', 'Ստեփանակերտ', '1,892.4 km² → ±3 km']) expect(inkOf(text), text).toBeGreaterThan(500);
    expect(inkOf('Lachin', 'Some Font Nobody Has')).toBeGreaterThan(500);
    // Without any font file resvg draws no text at all: the check above can fail.
    expect(inkOf('Lachin', 'DejaVu Sans', [])).toBe(0);
    // svgToPng itself, as render --out uses it: a PNG whose text is drawn.
    const png = svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="5" y="40" font-size="30">Shusha</text></svg>`);
    expect(Buffer.from(png).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('frontline render', () => {
  async function cli(args: string[], env: Record<string, string> = {}) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const stdout: string[] = [],
      stderr: string[] = [];
    try {
      const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
      return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
    } finally {
      process.env = saved;
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-render-'));

  it('writes PNG and SVG maps of a diff, a snapshot and the layers', async () => {
    const png = path.join(dir, 'diff.png');
    let r = await cli(['render', 'karabakh-1994-05-12..karabakh-2020-11-10..karabakh-2020-12-01', '--out', png]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(png).readUInt32BE(16)).toBe(1200);
    const svg = path.join(dir, 'snapshot.svg');
    r = await cli(['render', 'karabakh-2020-12-01', '--out', svg, '--title', 'My title']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('>My title<');
    r = await cli(['render']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nagorno-Karabakh: the layers of the frontline pack');
  });

  it('fails in one line on a bad snapshot, a bad extension, a missing font', async () => {
    let r = await cli(['render', 'karabakh-1999-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: UNKNOWN_SNAPSHOT: no snapshot "karabakh-1999-01-01"/);
    r = await cli(['render', 'layers', '--out', path.join(dir, 'x.gif')]);
    expect(r.stderr).toMatch(/^frontline: USAGE: .*x\.gif: a map is written as \.svg or \.png/);
    r = await cli(['render', 'layers', '--out', path.join(dir, 'x.png')], { FRONTLINE_FONT: path.join(dir, 'no-such-font.ttf') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: FONT_MISSING: FRONTLINE_FONT=.*no such font file/);
    expect(existsSync(path.join(dir, 'x.png'))).toBe(false);
  });

  it('report --map writes the map of the 2020 changes beside the report', async () => {
    const png = path.join(dir, 'report.png');
    const r = await cli(['report', '--json', '--map', png]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).diffs).toHaveLength(3);
    expect(readFileSync(png).readUInt32BE(20)).toBe(900);
  });
});
