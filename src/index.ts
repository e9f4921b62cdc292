// Kernels: geometry that knows nothing of any conflict.
export { area, areaKm2, ringArea, type AreaMethod, type AreaOptions } from './kernel/area.js';
export { intersection, difference, union, polygonsOf, isEmpty, OVERLAY_GRID_DEG, type Areal } from './kernel/overlay.js';
export { densify, type Densifiable } from './kernel/densify.js';
export { bufferLine } from './kernel/buffer.js';
export { distanceToLineMeters, geodesicDistanceMeters } from './kernel/distance.js';
export { polygonize, type PolygonizeResult, type PolygonizeOptions, type GapClosed } from './kernel/polygonize.js';
export { partitionFrame, type PartitionResult, type FrameRegion, type PartitionPiece } from './kernel/partition.js';
export { clipLinesToBox, runsOf, type LineRuns } from './kernel/lines.js';
// Model: layers, packs, snapshots, diffs, claims, reports.
export { LayerPack, loadPack, packTopology, makeFeature, type Layer, type LayerMeta, type LayerKind, type PackInfo, type PackTopology } from './model/layer.js';
export { layerAreas, coverage, featureName, type AreaRow } from './model/areas.js';
export {
  ControlSnapshot,
  SnapshotOverlapError,
  NONE,
  overlapToleranceM2,
  type ControlSnapshotInput,
  type ControllerInput,
  type ControlSnapshotOptions,
  type SnapshotOverlap,
} from './model/snapshot.js';
export { snapshotFromGeoJSON } from './model/snapshot-file.js';
export { diffSnapshots, transferMatrix, OUTSIDE_REGIONS, type SnapshotDiff, type DiffRegion, type DiffOptions, type ControllerChange, type Transfer, type TransferMatrix } from './model/diff.js';
export { checkClaim, validateClaim, resolverFrom, type Claim, type ClaimReading, type AreaExpr, type ClaimResolver, type ClaimCheck, type ReadingResult } from './model/claim.js';
export { buildReport, summariseDiff, summariseSnapshot, type Report, type ReportInput, type SnapshotSummary, type DiffSummary } from './model/report.js';
// Scenario: the Karabakh pack.
export { buildKarabakhLayers, buildKarabakhPack, type KarabakhBuildReport } from './scenarios/karabakh/build.js';
export { DISTRICTS, HANDOVERS, PUBLISHED, handoverDeadline, type DistrictInfo, type Handover } from './scenarios/karabakh/districts.js';
export { KARABAKH_UPSTREAM, KARABAKH_FIXTURES, KARABAKH_LINE_OF_CONTACT_2020, type KarabakhSources, type UpstreamFile } from './scenarios/karabakh/sources.js';
export { karabakhSnapshots, ARMENIAN_FORCES, AZERBAIJAN, RUSSIAN_PEACEKEEPERS } from './scenarios/karabakh/snapshots.js';
export { ONE_FIFTH_CLAIM } from './scenarios/karabakh/claims.js';
export { karabakhReport, karabakhRegions, KARABAKH_DIFF_CHAIN, type KarabakhReportOptions } from './scenarios/karabakh/report.js';
export { FrontlineError, isFrontlineError, type FrontlineErrorCode } from './errors.js';
