import { loadPack, type LayerPack, type PackTopology } from '../../model/layer.js';
// The compiled pack ships inside the package (data/karabakh.topo.json, built from the upstream
// sources before packing). Imported as a module, so bundlers include it and Node reads it
// without any path from the caller; it is parsed into layers only when first asked for.
import topology from '../../../data/karabakh.topo.json' with { type: 'json' };

let shipped: LayerPack | undefined;

/**
 * The Karabakh layer pack that ships with frontline: the former NKAO, the seven districts, the
 * 1994 area and ceasefire line, the 2020 handovers, the Lachin corridor, the borders and the
 * authored line of contact of 10 November 2020. Loaded once; the same object every call.
 *
 * @example
 * const pack = karabakhPack();
 * pack.layer('nkao-1991').meta.accuracy;
 */
export function karabakhPack(): LayerPack {
  shipped ??= loadPack(topology);
  return shipped;
}

/** The shipped pack as its TopoJSON topology (the same JSON as the `frontline/karabakh.topo.json` subpath). */
export function karabakhTopology(): PackTopology {
  return topology as unknown as PackTopology;
}
