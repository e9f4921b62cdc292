/**
 * Reads one snapshot file in a fresh process (run with `--expose-gc`) and prints, as JSON, the
 * memory the snapshot keeps once garbage is collected: V8's heap in use plus ArrayBuffers,
 * beyond what the process held before reading.
 */
import { readSnapshotFile } from '../../src/node/snapshot-files.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const held = () => {
  // Twice: the first collection can leave the memory behind dead ArrayBuffers to the next.
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const before = held();
const snapshot = readSnapshotFile(process.argv[2]!);
const after = held();
process.stdout.write(
  `${JSON.stringify({ keptBytes: after - before, controllers: snapshot.controllers.length, areaKm2: snapshot.controllers.reduce((sum, c) => sum + snapshot.areaKm2(c), 0) })}\n`,
);
