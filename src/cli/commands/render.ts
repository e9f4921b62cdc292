import { FrontlineError } from '../../index.js';
import { writeMap } from '../../node/index.js';
import { renderKarabakhDiff, renderKarabakhLayers, renderKarabakhSnapshot } from '../../scenarios/karabakh/index.js';
import { parseOptions, type CommandRun } from '../command.js';
import { mapOptionsFrom, packFrom, pngScale, resolveTarget } from '../targets.js';

export const run: CommandRun = (args, out) => {
  const { values, positionals } = parseOptions(
    args,
    {
      out: { type: 'string' },
      scale: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      title: { type: 'string' },
      pack: { type: 'string' },
      'snapshot-file': { type: 'string', multiple: true },
    },
    true,
  );
  if (positionals.length > 1) throw new FrontlineError('USAGE', `render draws one thing at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  const pack = packFrom(values.pack);
  const target = resolveTarget(positionals[0] ?? 'layers', pack, values['snapshot-file']);
  const options = { ...mapOptionsFrom(values), pack };
  const map =
    target.kind === 'layers'
      ? renderKarabakhLayers(options)
      : target.kind === 'snapshot'
        ? renderKarabakhSnapshot(target.snapshot, options)
        : renderKarabakhDiff(target.diffs, options);
  const file = values.out;
  if (file === undefined) {
    out.stdout(map.svg);
    return;
  }
  const scale = pngScale(values.scale, map.width, map.height);
  const bytes = writeMap(file, map.svg, scale === undefined ? {} : { scale });
  out.stderr(
    `frontline: wrote ${file} (${bytes.toLocaleString('en')} bytes; ${map.width}×${map.height} px${scale ? ` at ×${scale}` : ''}; scale bar ${map.scaleBar.km} km)`,
  );
};
