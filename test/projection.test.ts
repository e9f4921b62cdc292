import { geoConicEqualArea } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { fitAlbers, type BBox } from '../src/render/projection.js';
import { mulberry32 } from './support/random.js';

/** d3-geo's Albers, fitted the way fitAlbers documents it: the independent reference. */
function d3Fitted(bbox: BBox, frame: { x: number; y: number; width: number; height: number }) {
  const [w, s, e, n] = bbox;
  const outline: [number, number][] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    outline.push([w + (e - w) * t, s], [w + (e - w) * t, n], [w, s + (n - s) * t], [e, s + (n - s) * t]);
  }
  return geoConicEqualArea()
    .parallels([s + (n - s) / 6, n - (n - s) / 6])
    .rotate([-(w + e) / 2, 0])
    .fitExtent(
      [
        [frame.x, frame.y],
        [frame.x + frame.width, frame.y + frame.height],
      ],
      { type: 'MultiPoint', coordinates: outline },
    );
}

describe('fitAlbers', () => {
  const rng = mulberry32(20261206);
  const boxes: BBox[] = [
    [45.6, 39.0, 47.4, 40.4],
    [22, 44, 40.3, 52.4],
    [-125, 24, -66, 50],
    [170, -48, 179, -34],
    [-10, -60, 30, -20],
  ];
  for (let i = 0; i < 20; i++) {
    const s = -70 + rng() * 130,
      h = 0.5 + rng() * 15,
      w = -170 + rng() * 330,
      width = 0.5 + rng() * 20;
    boxes.push([w, s, Math.min(w + width, 180), Math.min(s + h, 80)]);
  }

  it('projects and inverts as d3-geo does, to a millionth of a pixel', () => {
    const frame = { x: 20, y: 60, width: 1160, height: 700 };
    for (const box of boxes) {
      const mine = fitAlbers(box, frame);
      const theirs = d3Fitted(box, frame);
      for (let k = 0; k < 50; k++) {
        const p: [number, number] = [box[0] + rng() * (box[2] - box[0]), box[1] + rng() * (box[3] - box[1])];
        const a = mine.project(p),
          b = theirs(p)!;
        expect(Math.abs(a[0] - b[0]), `${box} ${p}`).toBeLessThan(1e-6);
        expect(Math.abs(a[1] - b[1]), `${box} ${p}`).toBeLessThan(1e-6);
        const back = mine.invert(a)!;
        const d3back = theirs.invert!(a)!;
        expect(Math.abs(back[0] - d3back[0])).toBeLessThan(1e-9);
        expect(Math.abs(back[1] - d3back[1])).toBeLessThan(1e-9);
        expect(Math.abs(back[0] - p[0])).toBeLessThan(1e-9);
        expect(Math.abs(back[1] - p[1])).toBeLessThan(1e-9);
      }
    }
  });

  it('fills the frame with the box: its outline touches two opposite sides', () => {
    const frame = { x: 0, y: 0, width: 800, height: 600 };
    const box: BBox = [45.6, 39.0, 47.4, 40.4];
    const { project } = fitAlbers(box, frame);
    const xs: number[] = [],
      ys: number[] = [];
    for (let i = 0; i <= 20; i++) {
      const t = i / 20;
      for (const p of [
        [45.6 + 1.8 * t, 39.0],
        [45.6 + 1.8 * t, 40.4],
        [45.6, 39.0 + 1.4 * t],
        [47.4, 39.0 + 1.4 * t],
      ]) {
        const [x, y] = project(p);
        xs.push(x);
        ys.push(y);
      }
    }
    const touchesX = Math.abs(Math.min(...xs)) < 1e-6 && Math.abs(Math.max(...xs) - 800) < 1e-6;
    const touchesY = Math.abs(Math.min(...ys)) < 1e-6 && Math.abs(Math.max(...ys) - 600) < 1e-6;
    expect(touchesX || touchesY).toBe(true);
    expect(Math.min(...xs)).toBeGreaterThan(-1e-6);
    expect(Math.max(...ys)).toBeLessThan(600 + 1e-6);
  });

  it('refuses a box it cannot fit', () => {
    expect(() => fitAlbers([10, 20, 5, 30], { x: 0, y: 0, width: 10, height: 10 })).toThrow(/cannot fit/);
    expect(() => fitAlbers([-10, -10, 10, 10], { x: 0, y: 0, width: 10, height: 10 })).toThrow(/equator/);
  });
});
