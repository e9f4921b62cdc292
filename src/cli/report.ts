import type { Report } from '../model/report.js';
import { formatKm2, formatTable } from './table.js';

/** The report's tables as rows, shared by the text and CSV renderings. */
export interface ReportTable {
  name: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
  numeric: boolean[];
}

/** The tables of a report: layer areas, snapshots, diff controllers, diff transfers by region, claims. */
export function reportTables(report: Report): ReportTable[] {
  const layers: ReportTable = {
    name: 'layers',
    title: 'Layer areas (km², ellipsoidal)',
    header: ['layer', 'feature', 'area_km2', 'method'],
    rows: report.layers.map((r) => [r.layer, r.feature ?? '(layer total)', r.areaKm2, r.method]),
    numeric: [false, false, true, false],
  };
  const snapshots: ReportTable = {
    name: 'snapshots',
    title: 'Control snapshots: area per controller (km², ellipsoidal)',
    header: ['snapshot', 'date', 'controller', 'area_km2'],
    rows: report.snapshots.flatMap((s) => s.controllers.map((c) => [s.id, s.date, c.controller, c.areaKm2])),
    numeric: [false, false, false, true],
  };
  const diffs: ReportTable = {
    name: 'diffs',
    title: 'Diffs: what each controller gained, lost and kept (km², ellipsoidal)',
    header: ['from', 'to', 'controller', 'before_km2', 'after_km2', 'gained_km2', 'lost_km2', 'retained_km2', 'net_km2'],
    rows: report.diffs.flatMap((d) =>
      d.controllers.map((c) => [d.from.date, d.to.date, c.controller, c.beforeKm2, c.afterKm2, c.gainedKm2, c.lostKm2, c.retainedKm2, c.netKm2]),
    ),
    numeric: [false, false, false, true, true, true, true, true, true],
  };
  const transfers: ReportTable = {
    name: 'transfers',
    title: 'Transfers by district and former NKAO (km², ellipsoidal; rows under 0.05 km² left out, --json has them all)',
    header: ['from_date', 'to_date', 'from', 'to', 'region', 'area_km2'],
    rows: report.diffs.flatMap((d) =>
      d.transfers.filter((t) => t.areaKm2 >= MIN_SHOWN_KM2).flatMap((t) => [
        ...t.byRegion.filter((r) => r.areaKm2 >= MIN_SHOWN_KM2).map((r) => [d.from.date, d.to.date, t.from, t.to, r.name, r.areaKm2]),
        [d.from.date, d.to.date, t.from, t.to, '(total)', t.areaKm2],
      ]),
    ),
    numeric: [false, false, false, false, false, true],
  };
  const claims: ReportTable = {
    name: 'claims',
    title: 'Claims: each reading worked out',
    header: ['claim', 'reading', 'numerator_km2', 'denominator_km2', 'fraction', 'stated', 'verdict'],
    rows: report.claims.flatMap((c) =>
      c.readings.map((r) => [c.claim.id, r.name, r.numeratorKm2, r.denominatorKm2, r.fraction, c.claim.stated, r.around ? 'around' : 'not around']),
    ),
    numeric: [false, false, true, true, true, true, false],
  };
  return [layers, snapshots, diffs, transfers, claims];
}

/**
 * Transfers and region rows below this (km², 5 ha: what prints as 0.0) are left out of the
 * text and CSV tables. They are what shared borders leave after an overlay (zero-width
 * slivers whose geodesic edges enclose a few hundred m²), not land that changed hands; the
 * JSON report keeps every one.
 */
const MIN_SHOWN_KM2 = 0.05;

/** The report as plain-text tables. */
export function formatReport(report: Report): string {
  const blocks = reportTables(report).map((t) => {
    const rows = t.rows.map((r) =>
      r.map((cell, i) => {
        if (typeof cell !== 'number') return cell;
        if (t.name === 'claims' && (i === 4 || i === 5)) return `${(cell * 100).toFixed(1)} %`;
        return formatKm2(cell, 1);
      }),
    );
    return `${t.title}\n\n${formatTable(t.header, rows, t.numeric)}`;
  });
  const claims = report.claims.map((c) => `${c.claim.text}\nStated ${c.claim.stated}; "around" means within ±${c.claim.tolerance}.`);
  return [...blocks, ...claims].join('\n\n');
}

/** One CSV text per table (RFC 4180 quoting; numbers in full precision). */
export function reportCsv(report: Report): { name: string; csv: string }[] {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return reportTables(report).map((t) => ({
    name: t.name,
    csv: [t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n',
  }));
}
