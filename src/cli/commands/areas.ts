import type { AreaMethod } from '../../kernel/area.js';
import { layerAreas } from '../../model/areas.js';
import { parseOptions, type Command } from '../command.js';
import { openPack } from '../pack-file.js';
import { formatKm2, formatTable } from '../table.js';

export const areas: Command = {
  name: 'areas',
  usage: '[--json] [--spherical] [--pack FILE]',
  summary: 'area of every layer and feature (km²)',
  run(args, out) {
    const { values } = parseOptions(args, { json: { type: 'boolean' }, spherical: { type: 'boolean' }, pack: { type: 'string' } });
    const method: AreaMethod = values.spherical ? 'spherical' : 'ellipsoidal';
    const pack = openPack(values.pack as string | undefined, (f) => out.stderr(`frontline: building the layer pack ${f}`));
    const rows = layerAreas(pack, { method });
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
  },
};
