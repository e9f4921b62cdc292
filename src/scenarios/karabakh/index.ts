/**
 * `frontline/karabakh`: the Nagorno-Karabakh scenario. The pack ships with the package, so
 * nothing here takes a file path: the layers, the snapshots by id or date, the regions, the
 * "one fifth" claim, the report and its maps. Every function takes an optional pack of your
 * own and otherwise uses the shipped one.
 *
 * @example
 * import { karabakhClaim, karabakhDiff, renderKarabakhDiff } from 'frontline/karabakh';
 * for (const r of karabakhClaim().readings) console.log(r.name, (r.fraction * 100).toFixed(1), '%');
 * const { svg } = renderKarabakhDiff(karabakhDiff('2020-11-10', '2020-12-01'));
 *
 * @packageDocumentation
 */
export { karabakhPack, karabakhTopology } from './pack.js';
export {
  karabakhSnapshots,
  karabakhSnapshot,
  karabakhRegions,
  karabakhDiff,
  karabakhClaim,
  karabakhReport,
  KARABAKH_DIFF_CHAIN,
  type KarabakhReportOptions,
} from './scenario.js';
export { ARMENIAN_FORCES, AZERBAIJAN, RUSSIAN_PEACEKEEPERS, ARMENIAN_SIDE_ANCHORS, LINE_OF_CONTACT_LAYER, LINE_OF_CONTACT_1214_LAYER } from './snapshots.js';
export { ONE_FIFTH_CLAIM } from './claims.js';
export { DISTRICTS, HANDOVERS, PUBLISHED, handoverDeadline, type DistrictInfo, type Handover } from './districts.js';
export {
  renderKarabakhLayers,
  renderKarabakhSnapshot,
  renderKarabakhDiff,
  karabakhMapOptions,
  KARABAKH_COLOURS,
  KARABAKH_NAMES,
  KARABAKH_PLACES,
  KARABAKH_CREDIT,
  KARABAKH_MAP_LAYERS,
  type KarabakhMapOptions,
} from './map.js';
// Compiling the pack from its upstream sources (parsed JSON in; `frontline/node` reads the files).
export { buildKarabakhLayers, buildKarabakhPack, type KarabakhBuild, type KarabakhBuildReport } from './build.js';
export { KARABAKH_UPSTREAM, KARABAKH_FIXTURES, type KarabakhSources, type UpstreamFile } from './sources.js';
