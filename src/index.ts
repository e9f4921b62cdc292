// Kernels: geometry that knows nothing of any conflict.
export { area, areaKm2, type AreaMethod } from './kernel/area.js';
export { intersection, difference, union, polygonsOf, type Areal } from './kernel/overlay.js';
export { bufferLine } from './kernel/buffer.js';
export { polygonize, type PolygonizeResult } from './kernel/polygonize.js';
export { partitionFrame, type PartitionResult } from './kernel/partition.js';
export { clipLinesToBox, runsOf } from './kernel/lines.js';
// Model: layers and packs.
export { LayerPack, loadPack, packTopology, type Layer, type LayerMeta, type LayerKind, type PackInfo, type PackTopology } from './model/layer.js';
export { layerAreas, coverage, featureName, type AreaRow } from './model/areas.js';
// Scenario: the Karabakh pack.
export { buildKarabakhLayers, buildKarabakhPack, type KarabakhBuildReport } from './scenarios/karabakh/build.js';
export { DISTRICTS, HANDOVERS, PUBLISHED, handoverDeadline, type DistrictInfo, type Handover } from './scenarios/karabakh/districts.js';
export { KARABAKH_UPSTREAM, KARABAKH_FIXTURES, type KarabakhSources, type UpstreamFile } from './scenarios/karabakh/sources.js';
export { FrontlineError, isFrontlineError, type FrontlineErrorCode } from './errors.js';
