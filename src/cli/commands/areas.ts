import { layerAreas, type AreaMethod } from '../../index.js';
import { parseOptions, type CommandRun } from '../command.js';
import { formatKm2, formatTable } from '../table.js';
import { packFrom } from '../targets.js';

export const run: CommandRun = (args, out) => {
  const { values } = parseOptions(args, { json: { type: 'boolean' }, spherical: { type: 'boolean' }, pack: { type: 'string' } });
  const method: AreaMethod = values.spherical ? 'spherical' : 'ellipsoidal';
  const rows = layerAreas(packFrom(values.pack), { method });
  if (values.json) {
    out.stdout(JSON.stringify(rows, null, 2));
    return;
  }
  out.stdout(
    formatTable(
      ['layer', 'feature', 'area (km²)', 'method'],
      rows.map((r) => [r.layer, r.feature ?? '(layer total)', formatKm2(r.areaKm2, 2), r.method]),
      [false, false, true, false],
    ),
  );
};
