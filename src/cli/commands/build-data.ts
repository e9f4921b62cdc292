import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { writeKarabakhPack } from '../pack-file.js';
import { defaultPackPath, upstreamDir } from '../paths.js';

export const buildData: Command = {
  name: 'build-data',
  usage: '[--upstream DIR] [--out FILE]',
  summary: 'compile the Karabakh layer pack from upstream sources',
  run(args, out) {
    const { values } = parseOptions(args, { upstream: { type: 'string' }, out: { type: 'string' } });
    const file = writeKarabakhPack((values.out as string | undefined) ?? defaultPackPath(), (values.upstream as string | undefined) ?? upstreamDir());
    out.stderr(`frontline: wrote ${file}`);
  },
};
