/**
 * `frontline/node`: what needs Node. Reading JSON files with precise errors, snapshot files
 * and timeline folders (on worker threads when asked), PNG maps through resvg with the fonts
 * that ship with the package, and compiling the Karabakh pack from its upstream files.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { svgToPng } from 'frontline/node';
 * import { renderKarabakhSnapshot } from 'frontline/karabakh';
 * writeFileSync('dec-2020.png', svgToPng(renderKarabakhSnapshot('2020-12-01').svg));
 *
 * @packageDocumentation
 */
export { readJsonFile, readJsonFeatures, jsonErrorOffset, MAX_JSON_BYTES, MAX_JSON_DEPTH, type JsonFeatureFile } from './read-json.js';
export { readSnapshotFile } from './snapshot-files.js';
export { listTimelineFiles, timelineSources, runTimelineInWorkers, parseTimelineFile } from './timeline-files.js';
export { svgToPng, writeMap, mapFontFiles, SHIPPED_FONT_FILES, MAX_PNG_PIXELS } from './png.js';
export { readKarabakhSources, writeKarabakhPack, readPackFile } from './karabakh-files.js';
export { packageRoot, packageVersion } from './paths.js';
export { writeOutput, openOutput, isStandardOutput, OutputClosed, type OutputFile, type Written } from './write.js';
export { loadProfile, loadArea, type LoadedProfile } from './profile-files.js';
export { readTimelineFiles, timelineFileList, type TimelineFile, type TimelineFileList } from './timeline-files.js';
export { readRegionsFile } from './region-files.js';
