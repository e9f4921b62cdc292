import type { Report } from '../model/report.js';
import { formatKm2, formatTable } from './table.js';
import { csvCell } from '../export/csv.js';

/** How a column's numbers are printed in text: km² to 0.1, or a fraction as a percentage. */
type ColumnKind = 'text' | 'km2' | 'percent';

/**
 * One of the report's tables as rows, shared by the text and CSV renderings. Every figure sits
 * beside its range: a column `x` is followed by `x_low` and `x_high`, the smallest and largest
 * value the stated accuracy of the authored lines allows (equal to `x` where nothing is
 * uncertain).
 */
export interface ReportTable {
  name: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
  kinds: ColumnKind[];
  /** The columns the text rendering shows, in order (all by default): some CSV columns are too wide for a terminal. */
  textColumns?: number[];
}

const ranged = (name: string): string[] => [name, `${name}_low`, `${name}_high`];
const KM2_RANGE: ColumnKind[] = ['km2', 'km2', 'km2'];

/**
 * The tables of a report: layer areas, snapshots, diffs (one row per controller and figure),
 * transfers by region, claims (one row per reading and per alternative definition of its terms).
 */
export function reportTables(report: Report): ReportTable[] {
  const layers: ReportTable = {
    name: 'layers',
    title: 'Layer areas (km², ellipsoidal)',
    header: ['layer', 'feature', ...ranged('area_km2'), 'method'],
    rows: report.layers.map((r) => [r.layer, r.feature ?? '(layer total)', r.areaKm2, r.areaKm2Low, r.areaKm2High, r.method]),
    kinds: ['text', 'text', ...KM2_RANGE, 'text'],
  };
  const snapshots: ReportTable = {
    name: 'snapshots',
    title: 'Control snapshots: area per controller (km², ellipsoidal)',
    header: ['snapshot', 'date', 'controller', ...ranged('area_km2')],
    rows: report.snapshots.flatMap((s) => s.controllers.map((c) => [s.id, s.date, c.controller, c.areaKm2, c.areaKm2Low, c.areaKm2High])),
    kinds: ['text', 'text', 'text', ...KM2_RANGE],
  };
  const FIGURES = ['before', 'after', 'gained', 'lost', 'retained', 'net'] as const;
  const diffs: ReportTable = {
    name: 'diffs',
    title: 'Diffs: what each controller held before and after, gained, lost and kept (km², ellipsoidal)',
    header: ['from', 'to', 'controller', 'figure', ...ranged('km2')],
    rows: report.diffs.flatMap((d) =>
      d.controllers.flatMap((c) => FIGURES.map((f) => [d.from.date, d.to.date, c.controller, f, c[`${f}Km2`], c[`${f}Km2Low`], c[`${f}Km2High`]])),
    ),
    kinds: ['text', 'text', 'text', 'text', ...KM2_RANGE],
  };
  const transfers: ReportTable = {
    name: 'transfers',
    title: 'Transfers by district and former NKAO (km², ellipsoidal; rows under 0.05 km² left out, --json has them all)',
    header: ['from_date', 'to_date', 'from', 'to', 'region', ...ranged('area_km2')],
    rows: report.diffs.flatMap((d) =>
      d.transfers
        .filter((t) => t.areaKm2 >= MIN_SHOWN_KM2)
        .flatMap((t) => [
          ...t.byRegion
            .filter((r) => r.areaKm2 >= MIN_SHOWN_KM2)
            .map((r) => [d.from.date, d.to.date, t.from, t.to, r.name, r.areaKm2, r.areaKm2Low, r.areaKm2High]),
          [d.from.date, d.to.date, t.from, t.to, '(total)', t.areaKm2, t.areaKm2Low, t.areaKm2High],
        ]),
    ),
    kinds: ['text', 'text', 'text', 'text', 'text', ...KM2_RANGE],
  };
  const claims: ReportTable = {
    name: 'claims',
    title: 'Claims: each reading worked out (fraction with its range; verdict on the whole range)',
    header: ['claim', 'reading', 'definition', ...ranged('numerator_km2'), ...ranged('denominator_km2'), ...ranged('fraction'), 'stated', 'verdict'],
    rows: report.claims.flatMap((c) =>
      c.readings.flatMap((r) =>
        [{ ...r, definition: 'as the reading states it' }, ...r.alternatives.map((a) => ({ ...a, definition: a.name }))].map((x) => [
          c.claim.id,
          r.name,
          x.definition,
          x.numeratorKm2,
          x.numeratorKm2Low,
          x.numeratorKm2High,
          x.denominatorKm2,
          x.denominatorKm2Low,
          x.denominatorKm2High,
          x.fraction,
          x.fractionLow,
          x.fractionHigh,
          c.claim.stated,
          x.verdict,
        ]),
      ),
    ),
    kinds: ['text', 'text', 'text', ...KM2_RANGE, ...KM2_RANGE, 'percent', 'percent', 'percent', 'percent', 'text'],
    // In a terminal: the reading (or the alternative definition under it), the fraction and the verdict.
    textColumns: [1, 9, 10, 11, 13],
  };
  return [layers, snapshots, diffs, transfers, claims];
}

/**
 * Transfers and region rows below this (km², 5 ha: what prints as 0.0) are left out of the
 * text and CSV tables. They are what shared borders leave after an overlay (zero-width slivers
 * whose geodesic edges enclose a few hundred m²), not land that changed hands; the JSON report
 * keeps every one, with its range (which, between two snapshots cut by the same line, can be
 * wide where the value is nil: see docs/data.md, "Uncertainty").
 */
const MIN_SHOWN_KM2 = 0.05;

function formatCell(cell: string | number, kind: ColumnKind): string {
  if (typeof cell !== 'number') return cell;
  if (kind === 'percent') return Number.isFinite(cell) ? `${(cell * 100).toFixed(1)} %` : '∞';
  return formatKm2(cell, 1);
}

/** The report as plain-text tables. */
export function formatReport(report: Report): string {
  const blocks = reportTables(report).map((t) => {
    const columns = t.textColumns ?? t.header.map((_, i) => i);
    const rows = t.rows.map((r) =>
      columns.map((i) => {
        // An alternative definition prints under its reading, indented, instead of repeating the reading's name.
        if (t.name === 'claims' && i === 1 && r[2] !== 'as the reading states it') return `  under: ${String(r[2])}`;
        return formatCell(r[i]!, t.kinds[i]!);
      }),
    );
    const header = columns.map((i) => t.header[i]!);
    return `${t.title}\n\n${formatTable(
      header,
      rows,
      columns.map((i) => t.kinds[i] !== 'text'),
    )}`;
  });
  const claimAreas = report.claims.map((c) => {
    const rows = c.readings.map((r) =>
      [r.id, r.numeratorKm2, r.numeratorKm2Low, r.numeratorKm2High, r.denominatorKm2, r.denominatorKm2Low, r.denominatorKm2High].map((v) =>
        formatCell(v, 'km2'),
      ),
    );
    const header = ['reading', ...ranged('numerator_km2'), ...ranged('denominator_km2')];
    return `Claims: the areas each reading divides (km², ellipsoidal; --csv has them for every definition)\n\n${formatTable(
      header,
      rows,
      header.map((_, i) => i > 0),
    )}`;
  });
  const notes = report.claims.map(
    (c) =>
      `${c.claim.text}\nStated ${c.claim.stated}; "around" means the whole range lies within ±${c.claim.tolerance} of it, "not around" that none of it does, "depends" that part does.`,
  );
  const ranges =
    'low and high: the smallest and largest value the stated accuracy of the authored lines of contact allows, each line anywhere within its band ' +
    '(docs/data.md, "Uncertainty"); where they equal the value, nothing it rests on states an uncertainty.';
  return [...blocks, ...claimAreas, ...notes, ranges].join('\n\n');
}

/** One CSV text per table (every cell through `csvCell`: RFC 4180 quoting, formulas neutralised; numbers in full precision). */
export function reportCsv(report: Report): { name: string; csv: string }[] {
  return reportTables(report).map((t) => ({
    name: t.name,
    csv: `${[t.header, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`,
  }));
}
