import { shippedPackPath, upstreamDir } from '../../node/paths.js';
import { writeKarabakhPack } from '../../node/index.js';
import { parseOptions, type CommandRun } from '../command.js';

export const run: CommandRun = (args, out) => {
  const { values } = parseOptions(args, { upstream: { type: 'string' }, out: { type: 'string' } });
  const file = writeKarabakhPack(values.out ?? shippedPackPath(), values.upstream ?? upstreamDir());
  out.stderr(`frontline: wrote ${file}`);
};
