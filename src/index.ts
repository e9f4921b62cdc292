/**
 * `frontline`: the generic engine. Areas, overlay, snapshots, diffs, claims, timelines,
 * validation, maps as SVG and exports, for any conflict; it runs in a browser as well as in
 * Node. The Nagorno-Karabakh scenario is `frontline/karabakh`; files, folders and PNG are
 * `frontline/node`.
 *
 * @packageDocumentation
 */
// Kernels: geometry that knows nothing of any conflict.
export { area, areaKm2, ringArea, type AreaMethod, type AreaOptions } from './kernel/area.js';
export { intersection, difference, union, polygonsOf, isEmpty, OVERLAY_GRID_DEG, type Areal } from './kernel/overlay.js';
export { densify, type Densifiable } from './kernel/densify.js';
export { bufferLine } from './kernel/buffer.js';
export { distanceToLineMeters, geodesicDistanceMeters } from './kernel/distance.js';
export { polygonize, type PolygonizeResult, type PolygonizeOptions, type GapClosed } from './kernel/polygonize.js';
export { partitionFrame, type PartitionResult, type FrameRegion, type PartitionPiece } from './kernel/partition.js';
export { clipLinesToBox, runsOf, type LineRuns } from './kernel/lines.js';
export { pointInPolygon } from './kernel/contains.js';
// Model: layers, packs, snapshots, diffs, claims, reports.
export {
  LayerPack,
  loadPack,
  packTopology,
  quantizedPack,
  makeFeature,
  type Layer,
  type LayerMeta,
  type LayerKind,
  type PackInfo,
  type PackTopology,
  type SnapshotDescription,
} from './model/layer.js';
export { layerAreas, coverage, featureName, type AreaRow } from './model/areas.js';
export {
  ControlSnapshot,
  SnapshotOverlapError,
  findSnapshot,
  NONE,
  overlapToleranceM2,
  type ControlSnapshotInput,
  type ControllerInput,
  type ControlSnapshotOptions,
  type SnapshotOverlap,
} from './model/snapshot.js';
export { snapshotFromGeoJSON } from './sources/snapshot-file.js';
export {
  diffSnapshots,
  transferMatrix,
  OUTSIDE_REGIONS,
  type SnapshotDiff,
  type DiffRegion,
  type DiffOptions,
  type ControllerChange,
  type Transfer,
  type TransferMatrix,
} from './model/diff.js';
export {
  checkClaim,
  validateClaim,
  resolverFrom,
  type Claim,
  type ClaimReading,
  type ClaimAlternative,
  type AreaExpr,
  type ClaimResolver,
  type ClaimCheck,
  type ReadingResult,
  type AlternativeResult,
  type FractionFigures,
} from './model/claim.js';
// Uncertainty: accuracy stated as data, areas with bounds, ranges and three-way verdicts.
export {
  exactArea,
  isExact,
  uncertainSetOperation,
  uncertainUnion,
  uncertainIntersection,
  uncertainDifference,
  cutByUncertainLine,
  areaRange,
  exactRange,
  ratioRange,
  rangeDifference,
  rangeOverlap,
  verdictOf,
  type UncertainArea,
  type Range,
  type Verdict,
  type SetOperation,
} from './model/uncertainty.js';
export { segmentAccuracyM, lineBand, lineFeatureBand, polygonFeatureBounds, SEGMENT_ACCURACY_PROPERTY, ACCURACY_PROPERTY } from './model/accuracy.js';
export { diffRanges, type DiffRanges, type ControllerChangeRanges, type TransferRanges } from './model/diff-ranges.js';
export {
  buildReport,
  summariseDiff,
  summariseSnapshot,
  type Report,
  type ReportInput,
  type SnapshotSummary,
  type DiffSummary,
  type AreaFigures,
  type LayerAreaRow,
  type ControllerChangeSummary,
} from './model/report.js';
export { FrontlineError, isFrontlineError, type FrontlineErrorCode } from './errors.js';
// Validation and repair of GeoJSON input.
export {
  validate,
  isValid,
  FeatureCollectionValidator,
  FINDING_SEVERITY,
  type ValidationFinding,
  type FindingCode,
  type FindingSeverity,
  type ValidateOptions,
} from './kernel/validate.js';
export { repair, type RepairResult, type RepairChange } from './kernel/repair.js';
// Maps: SVG from layers, snapshots and diffs (PNG through resvg in `frontline/node`).
export { renderMap, renderSvg, type MapOptions, type RenderedMap } from './render/map.js';
export type { MapInput, MapContext, LayerStyle, LegendSection, LegendEntry, Swatch } from './render/scene.js';
export { fitAlbers, type FittedProjection, type Box, type BBox } from './render/projection.js';
export { placeLabels, boxesMeet, type LabelRequest, type PlacedLabel, type LabelLayout } from './render/labels.js';
export { sharedBoundary } from './render/contact.js';
export { textWidth, MAP_FONT_FAMILY, MAP_FONT_STACK } from './render/text.js';
export { OKABE_ITO, CONTROLLER_COLOURS, tint, assignColours } from './render/palette.js';
// Exports for map apps and notebooks: GeoJSON, TopoJSON, CSV, WKT.
export { exportAs, exportWithInfo, EXPORT_FORMATS, type ExportFormat, type TextExportFormat, type ExportOptions, type ExportResult } from './export/formats.js';
export { FlatGeobufWriter } from './export/flatgeobuf.js';
export { packCollections, layerCollections, snapshotCollections, diffCollections, mergedCollection, type ExportCollections } from './export/features.js';
export { toTopology, fromTopology, type TopologyOptions, type TopologyExportInfo } from './export/topojson.js';
export type { RepairTally } from './export/repair.js';
export { toWkt } from './export/wkt.js';
export { csvCell } from './export/csv.js';
export { DEFAULT_GEOJSON_PRECISION, DEFAULT_TOPOJSON_PRECISION, MAX_PRECISION } from './export/coordinates.js';
// Named by the documentation of exported functions above.
export { MODEL_STEP_DEG, shortEdged } from './model/snapshot.js';
export type { BufferOptions } from './kernel/buffer.js';
// Timelines: long daily series of control, diffed incrementally.
export { indexBoundary, boundaryChange, BoundaryIndex, type BoundaryChange } from './kernel/change.js';
export type { ChangeChain } from './kernel/winding.js';
export { removeSpikes } from './kernel/spikes.js';
export {
  timelineStepsOf,
  gatherTimeline,
  DEFAULT_TIMELINE_CONTROLLER,
  type TimelineEngineOptions,
  type TimelineRow,
  type TimelineStep,
  type TimelineFallback,
  type TimelineChange,
  type TimelineChangeProperties,
  type TimelineBaseline,
  type TimelineSnapshot,
  type Timeline,
  type SnapshotReading,
  type ClassReading,
} from './model/timeline.js';
export { RegionLedger, type TimelineRegion, type TimelineRegions, type TimelineRegionRow } from './model/timeline-regions.js';
// Sources: parsed JSON in, timeline snapshots out (GeoJSON, TopoJSON, profiles, dates).
export {
  timelineSteps,
  computeTimeline,
  readTimelineSnapshot,
  type TimelineSource,
  type TimelineOptions,
  type ReadingOptions,
} from './sources/timeline-source.js';
export { dateFromName, dateFromTimestamp, NAME_DATE_FORMATS, type NameDateFormat, type DateRule } from './sources/dates.js';
export {
  validateProfile,
  normaliseText,
  type SourceProfile,
  type ClassRule,
  type Condition,
  type AreaOfInterestSpec,
  type AreaOfInterest,
} from './sources/profile.js';
export { compileAreaOfInterest, areaFromGeoJSON, type AreaTest } from './sources/area-of-interest.js';
export { interiorPoint } from './kernel/interior-point.js';
export { BUILTIN_PROFILES, DEEPSTATE_PROFILE, DEEPSTATE_LIVE_PROFILE } from './sources/profiles.js';
export { builtinArea, BUILTIN_AREAS } from './sources/builtin-areas.js';
export {
  timelinePeriods,
  periodOf,
  PERIOD_UNITS,
  type PeriodUnit,
  type PeriodCoverage,
  type TimelinePeriodRow,
  type TimelinePeriods,
} from './model/timeline-periods.js';
export {
  checkTimelineClaim,
  validateTimelineClaim,
  isTimelineClaim,
  type TimelineClaim,
  type TimelineClaimReading,
  type TimelineClaimCheck,
  type TimelineReadingResult,
  type TimelineMeasure,
} from './model/timeline-claim.js';
export { chartSvg, type ChartOptions, type ChartInput, type RenderedChart } from './render/chart.js';
