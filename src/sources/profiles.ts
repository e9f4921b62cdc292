/**
 * The built-in source profiles, by name (`frontline timeline DIR --profile deepstate-live`).
 * Each is plain data in the format any profile file uses (see profile.ts and docs/timeline.md),
 * so that a user can copy one and change it.
 */
import type { ClassRule, SourceProfile } from './profile.js';

/**
 * DeepStateMap's daily export: one file a day, named `…_YYYYMMDD.geojson`, holding the ground
 * Russian forces hold (Crimea and the areas held since 2014 included) as one MultiPolygon.
 */
export const DEEPSTATE_PROFILE: SourceProfile = {
  name: 'deepstate',
  description: "DeepStateMap's daily export (deepstatemap_data_YYYYMMDD.geojson): every polygon is ground held by Russian forces",
  date: { name: 'yyyymmdd' },
  controller: 'russia',
};

// Colours the live map fills each kind of ground with (KML styles, kept as `fill` and in
// `styleUrl` such as `#poly-A52714-1200-77`). They decide only when the name says nothing.
const OCCUPIED_FILLS = ['#a52714', '#880e4f', '#000000'];
const LIBERATED_FILLS = ['#0288d1', '#0f9d58'];
const CONTESTED_FILLS = ['#bcaaa4', '#bdbdbd'];
const style = (fills: string[]): string => `^#?poly-(${fills.map((f) => f.slice(1)).join('|')})(-|$)`;

/** A rule by colour: the fill, or the KML style named after it. */
function byColour(label: string, fills: string[], controller: string): ClassRule {
  return {
    label,
    when: {
      any: [
        { property: 'fill', equals: fills },
        { property: 'styleUrl', pattern: style(fills) },
      ],
    },
    controller,
  };
}

/**
 * The live map's KML export, converted to GeoJSON, one file a capture named by its Unix
 * timestamp (`1714512461.geojson`). Classes of ground are told apart by the `name` property,
 * whose wording drifts: Ukrainian words in early 2022 (`Окуповано`, `Звільнено`, `Під
 * питанням`), Ukrainian and English from mid-2022 (`Звільнено /// Taken back`), and by 2024
 * translation keys as well (`geoJSON.status.occupied`, `geoJSON.status.dismissed`,
 * `geoJSON.status.unknown`). Rules read the keys first, then words in either language, then the
 * fill colour. Territories outside Ukraine drawn in the same style (Transnistria, Abkhazia, the
 * Kuril islands, …) are outside the area of interest and reported as such. Shapes of one kind
 * overlap here and there (drawn by hand), so each controller's polygons are united.
 */
export const DEEPSTATE_LIVE_PROFILE: SourceProfile = {
  name: 'deepstate-live',
  description:
    'Live map KML export (UNIX_TIMESTAMP.geojson): occupied (since 2022 or 2014) → russia, liberated → ukraine, unknown / contested / in doubt → contested; outside Ukraine ignored',
  date: { name: 'unix', duplicates: 'last' },
  classBy: ['name', 'fill'],
  overlaps: 'union',
  areaOfInterest: { builtin: 'ukraine-1991', name: 'Ukraine in its 1991 borders' },
  rules: [
    {
      label: 'in doubt (words)',
      when: {
        property: 'name',
        pattern: 'начебто|ймовірно|імовірно|уточненн|не ?підтвердж|in doubt|doubtful|unconfirmed|to be confirmed|needs? (clarification|confirmation)',
      },
      controller: 'contested',
    },
    {
      label: 'unknown or contested (key)',
      when: { property: 'name', pattern: 'geojson\\.status\\.(unknown|contested|disputed|gr[ae]y|doubt|unclear)' },
      controller: 'contested',
    },
    {
      label: 'liberated (key)',
      when: { property: 'name', pattern: 'geojson\\.status\\.(dismissed|liberated|deoccupied|retaken|free)' },
      controller: 'ukraine',
    },
    {
      label: 'occupied (key)',
      when: { property: 'name', pattern: 'geojson\\.status\\.occupied|geojson\\.territories\\.(crimea|ordlo|tuzla)' },
      controller: 'russia',
    },
    { label: 'Zmiinyi island (key or words)', when: { property: 'name', pattern: 'geojson\\.zmiinyi|зміїн|snake island' }, controller: 'ukraine' },
    {
      label: 'unknown or contested (words)',
      when: {
        property: 'name',
        pattern: 'під питанням|статус невідом|невідомий статус|unknown status|status unknown|contest|contens|спірн|сір[аі] зон|gr[ae]y zone',
      },
      controller: 'contested',
    },
    {
      label: 'liberated (words)',
      when: { property: 'name', pattern: 'звільнен|деокупов|liberated|taken back|retaken|deoccupied|орки відсутні' },
      controller: 'ukraine',
    },
    {
      label: 'occupied (words)',
      when: { property: 'name', pattern: 'окупов|окупац|occupied|ордло|cadr|calr|крим|crimea|тузла|tuzla|зайнят[іоа] ворогом|captured' },
      controller: 'russia',
    },
    byColour('occupied (colour)', OCCUPIED_FILLS, 'russia'),
    byColour('liberated (colour)', LIBERATED_FILLS, 'ukraine'),
    byColour('unknown or contested (colour)', CONTESTED_FILLS, 'contested'),
  ],
};

/** Built-in profiles by name. */
export const BUILTIN_PROFILES: Readonly<Record<string, SourceProfile>> = Object.freeze({
  deepstate: DEEPSTATE_PROFILE,
  'deepstate-live': DEEPSTATE_LIVE_PROFILE,
});
