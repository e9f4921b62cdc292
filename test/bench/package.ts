/**
 * What frontline costs its users: the packed tarball, a fresh install's node_modules, the cold
 * import in Node beside Turf's (measured in the same run), and the min+gzip size of browser
 * bundles of a program that only measures an area and of a map app (pack, snapshots, a diff,
 * SVG; the pack itself left out, since it is data a map app may fetch instead). Each figure is
 * printed beside its budget and the figure of frontline 0.1.0.
 *
 *   npm run bench:package        (after npm run build; installs the tarball from the npm cache or registry)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { isMain, median, repoRoot } from './support.js';

function duBytes(dir: string): { bytes: number; packages: number } {
  let bytes = 0,
    packages = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.bin' && path.basename(d) === 'node_modules' && !entry.name.startsWith('@')) packages++;
        if (entry.name.startsWith('@') && path.basename(d) === 'node_modules') packages += readdirSync(f).length;
        walk(f);
      } else if (entry.isFile()) bytes += statSync(f).size;
    }
  };
  walk(dir);
  return { bytes, packages };
}

/** Cold import time (ms) of a module specifier in a fresh Node process, from `cwd`; median of `runs`. */
function coldImport(specifier: string, cwd: string, runs = 7): number {
  const program = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  return median(
    Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', program], { cwd, encoding: 'utf8' }).trim())),
  );
}

async function bundleSize(app: string, source: string, externalPack: boolean): Promise<number> {
  const dir = path.join(app, 'bundles');
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    absWorkingDir: app,
    external: externalPack ? ['*.topo.json'] : [],
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** One measure of the package: its value now, frontline 0.1.0's, the budget and whether it is met (met is null without a budget). */
export interface PackageRow {
  measure: string;
  now: string;
  v010: string;
  budget: string;
  met: boolean | null;
  /** The figure as a number, in `unit`. */
  value: number;
  unit: string;
}

export interface PackageResults {
  rows: PackageRow[];
  /** Cold import of @turf/turf in the same run, ms. */
  turfImportMs: number;
  nodeAloneMs: number;
}

export async function measurePackage(): Promise<PackageResults> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-package-'));
  const app = path.join(work, 'app');
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' })) as {
      filename: string;
      size: number;
      unpackedSize: number;
      entryCount: number;
    }[];
    const tarball = packed[0]!;
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'bench', version: '1.0.0', private: true }));
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball.filename)], {
      cwd: app,
      encoding: 'utf8',
    });
    if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    const modules = duBytes(path.join(app, 'node_modules'));

    const importFrontline = coldImport('frontline', app);
    const importKarabakh = coldImport('frontline/karabakh', app);
    const importTurf = coldImport('@turf/turf', repoRoot);
    const nodeAlone = median(
      Array.from({ length: 7 }, () => {
        const t = performance.now();
        execFileSync(process.execPath, ['-e', '0']);
        return performance.now() - t;
      }),
    );

    const areaOnly = await bundleSize(
      app,
      `import { areaKm2 } from 'frontline';\nconsole.log(areaKm2({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }));\n`,
      false,
    );
    const mapApp = await bundleSize(
      app,
      `import { karabakhDiff, renderKarabakhDiff } from 'frontline/karabakh';\ndocument.body.innerHTML = renderKarabakhDiff([karabakhDiff('1994-05-12', '2020-11-10'), karabakhDiff('2020-11-10', '2020-12-01')]).svg;\n`,
      true,
    );

    const rows: PackageRow[] = [
      {
        measure: 'tarball, packed',
        now: kB(tarball.size),
        v010: '943 kB',
        budget: '≤ 350 kB',
        met: tarball.size <= 350_000,
        value: tarball.size,
        unit: 'bytes',
      },
      {
        measure: 'tarball, unpacked',
        now: `${kB(tarball.unpackedSize)} in ${tarball.entryCount} files`,
        v010: '',
        budget: '',
        met: null,
        value: tarball.unpackedSize,
        unit: 'bytes',
      },
      {
        measure: 'node_modules of a fresh install',
        now: `${MB(modules.bytes)} in ${modules.packages} packages`,
        v010: '39 MB in 160 packages',
        budget: '≤ 15 MB',
        met: modules.bytes <= 15e6,
        value: modules.bytes,
        unit: 'bytes',
      },
      {
        measure: "cold import('frontline')",
        now: `${importFrontline.toFixed(0)} ms (@turf/turf ${importTurf.toFixed(0)} ms in this run)`,
        v010: '1.2–1.4 s',
        budget: '≤ 300 ms',
        met: importFrontline <= 300,
        value: importFrontline,
        unit: 'ms',
      },
      {
        measure: "cold import('frontline/karabakh')",
        now: `${importKarabakh.toFixed(0)} ms`,
        v010: '',
        budget: '',
        met: null,
        value: importKarabakh,
        unit: 'ms',
      },
      {
        measure: 'browser bundle, areaKm2 alone, min+gzip',
        now: kB(areaOnly),
        v010: '86 kB',
        budget: '≤ 15 kB',
        met: areaOnly <= 15_000,
        value: areaOnly,
        unit: 'bytes',
      },
      {
        measure: 'browser bundle, map app, min+gzip, pack excluded',
        now: kB(mapApp),
        v010: '123 kB',
        budget: '≤ 60 kB',
        met: mapApp <= 60_000,
        value: mapApp,
        unit: 'bytes',
      },
    ];
    return { rows, turfImportMs: importTurf, nodeAloneMs: nodeAlone };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { rows, nodeAloneMs } = await measurePackage();
  console.log(
    `frontline package budgets (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}; node -e 0 takes ${nodeAloneMs.toFixed(0)} ms here)\n`,
  );
  const cells = (r: PackageRow) => [r.measure, r.now, r.v010, r.budget];
  const width = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => cells(r)[c]!.length), ['measure', 'now', 'frontline 0.1.0', 'budget'][c]!.length));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(width[i]!)).join('  ');
  console.log(`${line(['measure', 'now', 'frontline 0.1.0', 'budget'])}  met`);
  console.log(`${line(width.map((w) => '-'.repeat(w)))}  ---`);
  for (const r of rows) console.log(line(cells(r)) + (r.met === null ? '' : r.met ? '  yes' : '  NO'));
}
