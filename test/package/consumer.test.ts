/**
 * frontline as its users meet it: the packed tarball installed into a fresh project outside the
 * repository, with no ../shared beside it and nothing of the repository in reach. Imported as
 * ES module and CommonJS, compiled by a strict TypeScript project (node16 and bundler module
 * resolution, no skipLibCheck), run as a CLI, and bundled for a browser that draws the map in
 * headless Chromium.
 *
 *   npm run test:package      (after npm run build; needs the npm registry for the tarball's
 *                              dependencies, and Debian's chromium for the browser case)
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.js';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(path.join(os.tmpdir(), 'frontline-consumer-'));
const app = path.join(work, 'app');
const installed = path.join(app, 'node_modules', 'frontline');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const esbuild = path.join(repoRoot, 'node_modules', '.bin', 'esbuild');

/** Runs a command in the consumer project, with an environment that points nowhere near the repository. */
function sh(command: string, args: string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd ?? app,
    encoding: 'utf8',
    input: options.input,
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });
}

function ok(result: SpawnSyncReturns<string>): string {
  expect(result.error, result.stderr).toBeUndefined();
  expect(result.status, `${result.stderr}\n${result.stdout}`.slice(0, 4000)).toBe(0);
  return result.stdout;
}

/** Every file under a directory with its size and modification time, to prove nothing was written there. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const f = path.join(d, name);
      const st = statSync(f);
      if (st.isDirectory()) walk(f);
      else out.push(`${path.relative(dir, f)} ${st.size} ${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

let before: string[];

beforeAll(() => {
  for (const built of ['dist/index.js', 'dist/cjs/index.cjs', 'data/karabakh.topo.json', 'data/fonts/DejaVuSans.ttf']) {
    if (!existsSync(path.join(repoRoot, built))) throw new Error(`${built} is missing: run npm run build before the package test`);
  }
  // The build has just run (npm ci, npm run build); pack what it made.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' });
  const tarball = path.join(work, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  ok(sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball]));
  before = listing(installed);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the installed package', () => {
  it('is outside the repository and has no ../shared beside it', () => {
    expect(path.relative(repoRoot, app).startsWith('..')).toBe(true);
    expect(existsSync(path.join(installed, '..', 'shared'))).toBe(false);
    expect(existsSync(path.join(installed, 'fixtures'))).toBe(false);
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(listing(installed).filter((f) => f.includes('.map '))).toEqual([]);
    for (const file of ['LICENSE', 'DATA-LICENSE.md', 'data/karabakh.topo.json', 'data/fonts/DejaVuSans.ttf', 'data/fonts/LICENSE'])
      expect(existsSync(path.join(installed, file)), file).toBe(true);
  });

  it('imports as ES modules: the engine, the scenario and the Node helpers', () => {
    const program = `
      import { areaKm2, FrontlineError } from 'frontline';
      import { karabakhClaim, karabakhSnapshot, karabakhPack } from 'frontline/karabakh';
      import { svgToPng } from 'frontline/node';
      import topology from 'frontline/karabakh.topo.json' with { type: 'json' };
      const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
      let code;
      try { karabakhSnapshot('1900-01-01'); } catch (e) { code = e instanceof FrontlineError ? e.code : 'other'; }
      console.log(JSON.stringify({
        square: areaKm2(square),
        readings: karabakhClaim().readings.length,
        armenian: karabakhSnapshot('2020-12-01').areaKm2('armenian-forces'),
        layers: karabakhPack().ids.length,
        raw: topology.frontline.name,
        png: typeof svgToPng,
        code,
      }));`;
    const out = JSON.parse(ok(sh(process.execPath, ['--input-type=module', '-e', program])));
    expect(out.square).toBeGreaterThan(12_300);
    expect(out.square).toBeLessThan(12_400);
    expect(out.readings).toBe(5);
    expect(out.armenian).toBeGreaterThan(1000);
    expect(out.layers).toBeGreaterThan(5);
    expect(out.raw).toBe('karabakh');
    expect(out.png).toBe('function');
    expect(out.code).toBe('UNKNOWN_SNAPSHOT');
  });

  it('requires as CommonJS, with one FrontlineError class across entry points', () => {
    const program = `
      const { areaKm2, FrontlineError, LayerPack } = require('frontline');
      const { karabakhSnapshot, karabakhPack } = require('frontline/karabakh');
      const { readJsonFile } = require('frontline/node');
      let same = false;
      try { karabakhSnapshot('nothing'); } catch (e) { same = e instanceof FrontlineError; }
      let fileError = false;
      try { readJsonFile('no-such-file.json', 'a test'); } catch (e) { fileError = e instanceof FrontlineError && e.code === 'FILE_UNREADABLE'; }
      console.log(JSON.stringify({ area: areaKm2({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }), same, fileError, pack: karabakhPack() instanceof LayerPack }));`;
    const out = JSON.parse(ok(sh(process.execPath, ['-e', program])));
    expect(out.area).toBeGreaterThan(6000);
    expect(out).toMatchObject({ same: true, fileError: true, pack: true });
  });

  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ] as const) {
    it(`compiles in a strict TypeScript project (module ${module}, moduleResolution ${resolution}, no skipLibCheck)`, () => {
      const dir = path.join(app, `ts-${resolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            module,
            moduleResolution: resolution,
            target: 'es2022',
            lib: ['es2022', 'dom'],
            types: [],
            skipLibCheck: false,
            typeRoots: [path.join(app, 'node_modules', '@types')],
          },
          include: ['*.ts', '*.cts'],
        }),
      );
      writeFileSync(
        path.join(dir, 'main.ts'),
        `import { areaKm2, diffSnapshots, type ControlSnapshot, type LayerPack } from 'frontline';
import { karabakhDiff, karabakhPack, karabakhSnapshot, renderKarabakhDiff } from 'frontline/karabakh';
import { svgToPng } from 'frontline/node';
const pack: LayerPack = karabakhPack();
const s: ControlSnapshot = karabakhSnapshot('2020-11-10', pack);
const km2: number = areaKm2(s.geometry('azerbaijan'));
const png: Uint8Array = svgToPng(renderKarabakhDiff(karabakhDiff('1994-05-12', '2020-11-10')).svg);
export const out = [km2, png.length, diffSnapshots(s, karabakhSnapshot('2020-12-01')).transfers.length];
`,
      );
      if (resolution === 'node16') {
        writeFileSync(
          path.join(dir, 'cjs.cts'),
          `import frontline = require('frontline');\nimport karabakh = require('frontline/karabakh');\nexport const km2: number = frontline.areaKm2(karabakh.karabakhSnapshot('2020-12-01').geometry('azerbaijan'));\n`,
        );
      }
      ok(sh(process.execPath, [tsc, '-p', dir]));
    });
  }

  it('runs as a CLI: --version, report --json, render --out map.png, a command --help', () => {
    expect(ok(sh('npx', ['--no-install', 'frontline', '--version'])).trim()).toBe(manifest.version);
    const report = JSON.parse(ok(sh('npx', ['--no-install', 'frontline', 'report', '--json']))) as { layers: unknown[]; claims: { readings: unknown[] }[] };
    expect(report.layers.length).toBeGreaterThan(5);
    expect(report.claims[0]!.readings).toHaveLength(5);
    const result = sh('npx', ['--no-install', 'frontline', 'render', 'karabakh-2020-12-01', '--out', 'map.png']);
    ok(result);
    const png = readFileSync(path.join(app, 'map.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
    expect(ok(sh('npx', ['--no-install', 'frontline', 'render', '--help']))).toMatch(/^Usage: frontline render/);
  });

  it("runs the README's install program as written: the claim readings and a PNG", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 5));
    const program = /```js\n([\s\S]*?)```/.exec(install)![1]!;
    writeFileSync(path.join(app, 'claims.mjs'), program);
    const lines = ok(sh(process.execPath, ['claims.mjs']))
      .trim()
      .split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^\d+\.\d % \(\d+\.\d–\d+\.\d %\) {2}(around|not around|depends): \S/);
    const png = readFileSync(path.join(app, 'changes-2020.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
  });

  it('wrote nothing inside its own install folder', () => {
    expect(listing(installed)).toEqual(before);
  });
});

/** Debian's chromium, where it is installed. */
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((f) => existsSync(f));

describe('in a browser', () => {
  it('bundles the map app with no Node built-in and draws it in headless Chromium without errors', () => {
    if (!chromium) {
      // CI installs chromium (.ci/run); elsewhere the case says why it cannot run.
      if (process.env.CI) throw new Error("chromium is not installed: .ci/run installs Debian's chromium");
      console.warn('skipped: no chromium at /usr/bin/chromium (apt-get install chromium)');
      return;
    }
    const dir = path.join(app, 'browser');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'app.js'),
      `import { karabakhDiff, renderKarabakhDiff } from 'frontline/karabakh';
const errors = [];
const report = (text) => { errors.push(text); document.title = 'ERROR'; document.getElementById('errors').textContent = errors.join('\\n'); };
window.addEventListener('error', (e) => report(String(e.message)));
const consoleError = console.error;
console.error = (...args) => { report(args.join(' ')); consoleError(...args); };
try {
  const map = renderKarabakhDiff([karabakhDiff('1994-05-12', '2020-11-10'), karabakhDiff('2020-11-10', '2020-12-01')]);
  document.getElementById('map').innerHTML = map.svg;
  if (errors.length === 0) document.title = 'DRAWN ' + document.querySelectorAll('#map svg path').length;
} catch (e) { report(String(e && e.stack || e)); }
`,
    );
    const bundle = sh(
      esbuild,
      ['app.js', '--bundle', '--minify', '--format=esm', '--platform=browser', '--outfile=bundle.js', '--metafile=meta.json', '--log-level=error'],
      { cwd: dir },
    );
    ok(bundle);
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { inputs: Record<string, { imports: { path: string }[] }> };
    const imports = Object.values(meta.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith('node:') || ['fs', 'path', 'os', 'url', 'module', 'child_process', 'worker_threads'].includes(p))).toEqual([]);
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>loading</title><pre id="errors"></pre><div id="map"></div><script type="module" src="bundle.js"></script>',
    );
    const profile = path.join(work, 'chromium-profile');
    const result = sh(chromium, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--allow-file-access-from-files',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=20000',
      '--dump-dom',
      `file://${path.join(dir, 'index.html')}`,
    ]);
    const dom = result.stdout;
    expect(dom, result.stderr.slice(0, 2000)).toMatch(/<title>DRAWN \d+<\/title>/);
    expect(Number(/<title>DRAWN (\d+)<\/title>/.exec(dom)![1])).toBeGreaterThan(20);
    expect(dom).toContain('<svg');
    expect(/<pre id="errors">([^<]*)<\/pre>/.exec(dom)![1]).toBe('');
  });
});
