/**
 * What `frontline timeline` loads before it reads its first file. Each ES module Node loads
 * costs its resolution and compilation (about a millisecond each, cold), and a timeline run is
 * a fresh process that pays them all before its first file: the command must not reach, through
 * a constant or a helper it could find elsewhere, the snapshot model, the validator, the
 * packing code of reader threads, the renderers or the Karabakh scenario. (The overlap
 * tolerance rule it shares with the validator is in validate-findings.ts, which imports nothing.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '..', 'src');

/** Every module of src reached from `entry` by static, value (not type-only) imports. */
function staticGraph(entry: string): Set<string> {
  const reached = new Set<string>();
  const pending = [path.join(src, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    const text = readFileSync(file, 'utf8');
    // `import … from './x.js'` and `export … from './x.js'`, but not `import type` nor `export type`.
    for (const [, specifier] of text.matchAll(/^(?:import|export)(?!\s+type\b)[^'";]*?\bfrom\s*'(\.{1,2}\/[^']+)\.js'/gm)) {
      pending.push(path.join(path.dirname(file), `${specifier}.ts`));
    }
    // Side-effect imports: `import './x.js'`.
    for (const [, specifier] of text.matchAll(/^import\s*'(\.{1,2}\/[^']+)\.js'/gm)) pending.push(path.join(path.dirname(file), `${specifier}.ts`));
  }
  return new Set([...reached].map((f) => path.relative(src, f).replaceAll(path.sep, '/')));
}

describe('the timeline command', () => {
  const graph = staticGraph('cli/commands/timeline.ts');

  it('reaches the engine, the reader and its own output', () => {
    // The walk itself must find what the command does use, or the test below proves nothing.
    for (const used of ['model/timeline.ts', 'kernel/change.ts', 'kernel/winding.ts', 'sources/timeline-source.ts', 'node/timeline-files.ts']) {
      expect(graph).toContain(used);
    }
  });

  it('does not load what a timeline run does not need', () => {
    const unneeded = [...graph].filter((f) =>
      /^(model\/(snapshot|diff|uncertainty)|kernel\/(validate(?!-findings)|topology-|polygon-topology|densify)|node\/snapshot-transfer|kernel\/packed|render\/|scenarios\/|export\/(topojson|flatgeobuf|wkt))/.test(
        f,
      ),
    );
    expect(unneeded).toEqual([]);
  });
});
