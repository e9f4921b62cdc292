// Removes from dist/ the ES module type declarations that no entry point's types reach. The
// package's exports map lets a program import only the entry points, so a declaration file
// their types never import is never read; shipping it only makes the package bigger. Run after
// `tsc -p tsconfig.build.json`; `npm run test:package` type-checks a strict consumer of every
// entry point against what is left.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const entries = Object.values(manifest.exports)
  .map((target) => target?.import?.types)
  .filter((types) => typeof types === 'string')
  .map((types) => path.join(root, types));

const reached = new Set();
const pending = [...entries];
while (pending.length > 0) {
  const file = pending.pop();
  if (reached.has(file) || !existsSync(file)) continue;
  reached.add(file);
  const text = readFileSync(file, 'utf8');
  // `from './x.js'` (import and export), `import('./x.js')` (inline type imports).
  for (const [, specifier] of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    pending.push(path.join(path.dirname(file), specifier.replace(/\.js$/, '.d.ts')));
  }
}
if (entries.some((e) => !reached.has(e)))
  throw new Error(`prune-types: an entry point has no declarations: ${entries.filter((e) => !reached.has(e)).join(', ')}`);

let removed = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (file !== path.join(dist, 'cjs')) walk(file);
    } else if (entry.name.endsWith('.d.ts') && !reached.has(file)) {
      rmSync(file);
      removed++;
    }
  }
};
walk(dist);
console.log(`prune-types: kept ${reached.size} declaration files, removed ${removed} that no entry point reaches`);
