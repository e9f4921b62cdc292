/**
 * Region id (and name) of the part of a transfer, or of ground held, that falls in none of
 * the regions given: one name for snapshot diffs (diff.ts) and timelines (timeline-regions.ts).
 * Its own module, so that a timeline does not load the snapshot model to know it.
 */
export const OUTSIDE_REGIONS = '(outside regions)';
