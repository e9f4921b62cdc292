// Removes from dist/ the ES module type declarations that no entry point's types reach. The
// package's exports map lets a program import only the entry points, so a declaration file
// their types never import is never read; shipping it only makes the package bigger. Run after
// `tsc -p tsconfig.build.json`; `npm run test:package` type-checks a strict consumer of every
// entry point against what is left. In the files it keeps, it also drops the comments no
// program can see (see below).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

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

// A comment at the top of a module that is followed by its imports, or by another comment,
// documents the module's implementation (area.ts's error analysis, say), not any declaration: no
// editor shows it beside a type, and the API reference is built from the sources. The entry
// points' own comments (@packageDocumentation) stay.
let trimmed = 0;
for (const file of reached) {
  const text = readFileSync(file, 'utf8');
  const head = /^\/\*\*[\s\S]*?\*\/\n(?=import |\/\*\*)/.exec(text);
  if (head && !head[0].includes('@packageDocumentation')) {
    writeFileSync(file, text.slice(head[0].length));
    trimmed += head[0].length;
  }
}

// The documentation of an exported declaration that no other kept declaration names (neither
// an entry point's re-export nor a type the public ones use): a program cannot reach it through
// the exports map, so no editor ever shows that documentation (`generalRing`, exported for the
// tests, say). The declaration stays; its comments, and its members', go. A name is taken as
// used wherever the word appears, comments included, so this errs on the side of keeping.
const texts = new Map([...reached].map((file) => [file, readFileSync(file, 'utf8')]));
const starred = new Set();
for (const [file, text] of texts)
  for (const [, specifier] of text.matchAll(/\bexport\s*\*\s*(?:as\s+\w+\s*)?from\s*['"](\.{1,2}\/[^'"]+)['"]/g))
    starred.add(path.join(path.dirname(file), specifier.replace(/\.js$/, '.d.ts')));
let undocumented = 0;
for (const [file, text] of texts) {
  if (entries.includes(file) || starred.has(file)) continue;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const cuts = new Map();
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d.name.getText(source))
      : statement.name
        ? [statement.name.getText(source)]
        : [];
    if (!exported || names.length === 0) continue;
    const rest = text.slice(0, statement.getFullStart()) + text.slice(statement.getEnd());
    const named = names.some((name) => {
      const word = new RegExp(`(?<![\\w$])${name.replaceAll('$', '\\$')}(?![\\w$])`);
      return word.test(rest) || [...texts].some(([other, t]) => other !== file && word.test(t));
    });
    if (named) continue;
    const visit = (node) => {
      for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) if (text.startsWith('/**', range.pos)) cuts.set(range.pos, range.end);
      ts.forEachChild(node, visit);
    };
    visit(statement);
  }
  if (cuts.size === 0) continue;
  let out = text;
  for (const [start, end] of [...cuts].sort((a, b) => b[0] - a[0])) {
    // The whole lines the comment fills: its indentation and the line break after it.
    const from = /^[ \t]*$/.test(out.slice(out.lastIndexOf('\n', start - 1) + 1, start)) ? out.lastIndexOf('\n', start - 1) + 1 : start;
    const to = out[end] === '\n' ? end + 1 : end;
    undocumented += to - from;
    out = out.slice(0, from) + out.slice(to);
  }
  writeFileSync(file, out);
}

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
console.log(
  `prune-types: kept ${reached.size} declaration files, removed ${removed} that no entry point reaches, ${trimmed} characters of module comments and ${undocumented} of comments no one can see`,
);
