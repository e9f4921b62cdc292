/**
 * Executes every notebook in docs/notebooks with the Deno Jupyter kernel (the npm package
 * `deno`) and Jupyter's nbconvert (Debian: jupyter-nbconvert, python3-ipykernel), and fails when
 * a cell fails or a notebook shows no map. The kernel is registered in a temporary folder, so
 * nothing is left in the user's Jupyter settings.
 *
 *   npm run test:notebook
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const deno = path.join(path.dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'bin.cjs');
const home = mkdtempSync(path.join(os.tmpdir(), 'frontline-notebooks-'));
const env = { ...process.env, HOME: home, JUPYTER_PATH: path.join(home, '.local/share/jupyter'), JUPYTER_CONFIG_DIR: path.join(home, '.jupyter') };

if (spawnSync('jupyter', ['nbconvert', '--version'], { env }).status !== 0) {
  console.error('frontline: jupyter nbconvert is not installed (Debian: apt-get install jupyter-nbconvert python3-ipykernel)');
  process.exit(2);
}
execFileSync(process.execPath, [deno, 'jupyter', '--install', '--force'], { env, stdio: ['ignore', 'ignore', 'inherit'] });

let failed = 0;
try {
  const dir = path.join(root, 'docs/notebooks');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ipynb'))) {
    const out = path.join(home, name);
    const started = Date.now();
    const run = spawnSync(
      'jupyter',
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        '--ExecutePreprocessor.kernel_name=deno',
        '--ExecutePreprocessor.timeout=300',
        '--output',
        out,
        path.join(dir, name),
      ],
      { cwd: dir, env, encoding: 'utf8' },
    );
    if (run.status !== 0) {
      console.error(`${name}: FAILED\n${run.stderr.slice(-4000)}`);
      failed++;
      continue;
    }
    const cells = JSON.parse(readFileSync(out, 'utf8')).cells.filter((c) => c.cell_type === 'code');
    const outputs = cells.flatMap((c) => c.outputs);
    const errors = outputs.filter((o) => o.output_type === 'error');
    const maps = outputs.filter((o) => o.data?.['image/svg+xml']);
    if (errors.length > 0 || maps.length === 0 || cells.some((c) => c.outputs.length === 0)) {
      console.error(
        `${name}: ${errors.length} cell error(s), ${maps.length} map(s), ${cells.filter((c) => c.outputs.length === 0).length} cell(s) without output`,
      );
      failed++;
      continue;
    }
    console.log(`${name}: ${cells.length} cells ran in ${((Date.now() - started) / 1000).toFixed(1)} s, ${maps.length} map shown`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
