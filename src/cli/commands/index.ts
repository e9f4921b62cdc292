import type { CommandSpec } from '../command.js';
import { TIMELINE_INPUT_HELP } from '../timeline-help.js';

const PACK_OPTION = '  --pack FILE            a layer pack of your own (TopoJSON, as build-data writes) instead of the shipped one';
const SNAPSHOT_OPTION =
  '  --snapshot-file FILE   adds a snapshot of your own: a GeoJSON FeatureCollection whose features carry\n' +
  '                         properties.controller, with a "date" (YYYY-MM-DD) member; repeatable';

/** Every sub-command, in the order the usage text lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'report',
    usage: '[--json | --csv DIR] [--pack FILE] [--snapshot-file FILE]... [--chain ID,ID,...] [--map FILE.png|FILE.svg]',
    summary: 'layer areas, snapshots, diffs by district, claim check',
    help: [
      "The Karabakh report: every layer's area, each snapshot's area per controller, the diffs along",
      'the chain by district and former NKAO, and each reading of the "one fifth" claim (km², WGS84).',
      '',
      '  --json                 one object: { layers, snapshots, diffs, claims }',
      '  --csv DIR              one CSV per table: layers, snapshots, diffs, transfers, claims',
      '  --chain ID,ID,...      snapshots (ids or dates) to diff in turn; default',
      '                         karabakh-1994-05-12,karabakh-2020-11-10,karabakh-2020-12-01',
      '  --map FILE             also draws the changes along the chain (.png or .svg)',
      PACK_OPTION,
      SNAPSHOT_OPTION,
    ].join('\n'),
    load: () => import('./report.js'),
  },
  {
    name: 'areas',
    usage: '[--json] [--spherical] [--pack FILE]',
    summary: 'area of every layer and feature (km²)',
    help: [
      '  --json                 [{ layer, feature, areaKm2, method }], feature null for layer totals',
      "  --spherical            Turf's spherical formula instead of the WGS84 ellipsoid",
      PACK_OPTION,
    ].join('\n'),
    load: () => import('./areas.js'),
  },
  {
    name: 'build-data',
    usage: '[--upstream DIR] [--out FILE]',
    summary: 'compile the Karabakh layer pack from upstream sources (a checkout of the repository)',
    help: [
      "Compiles the pack from the Natural Earth and geoBoundaries files and the project's authored",
      'fixtures. The published package ships the compiled pack; this is a build step of the repository.',
      '',
      '  --upstream DIR         the upstream sources (default FRONTLINE_UPSTREAM, else ../shared/data/upstream)',
      '  --out FILE             where to write the pack (default data/karabakh.topo.json in the checkout)',
    ].join('\n'),
    load: () => import('./build-data.js'),
  },
  {
    name: 'render',
    usage:
      '[layers | SNAPSHOT | FROM..TO[..TO]] [--out FILE.svg|FILE.png] [--scale N] [--width PX] [--height PX] [--title TEXT] [--pack FILE] [--snapshot-file FILE]...',
    summary: 'draws the layers, a snapshot or a diff as an SVG or PNG map',
    help: [
      'WHAT is layers (the default), a snapshot id or date (karabakh-2020-12-01, 2021-06-01), a diff',
      'FROM..TO or a chain FROM..VIA..TO. Without --out the SVG goes to standard output.',
      '',
      '  --out FILE             .png (through resvg, with the font that ships with frontline) or .svg',
      '  --scale N              output pixels per SVG pixel for PNG, in (0, 8]',
      '  --width PX, --height PX  map size (default 1200 × 900)',
      "  --title TEXT           the map's title",
      PACK_OPTION,
      SNAPSHOT_OPTION,
    ].join('\n'),
    load: () => import('./render.js'),
  },
  {
    name: 'export',
    usage:
      '<pack | LAYER | SNAPSHOT | FROM..TO> [--format geojson|topojson|csv|wkt|flatgeobuf] [--precision N] [--simplify METRES] [--wkt] [--out FILE] [--pack FILE] [--snapshot-file FILE]...',
    summary: 'writes the pack, a layer, a snapshot or a diff for map apps and notebooks',
    help: [
      '  --format F             geojson, topojson, csv, wkt or flatgeobuf (default from the --out extension;',
      '                         .fgb is FlatGeobuf, binary, with a spatial index)',
      '  --precision N          decimals of degrees kept (default 6; 5 for TopoJSON)',
      '  --simplify METRES      topology-preserving simplification',
      '  --wkt                  a WKT column in CSV output',
      '  --out FILE             write to FILE instead of standard output',
      PACK_OPTION,
      SNAPSHOT_OPTION,
    ].join('\n'),
    load: () => import('./export.js'),
  },
  {
    name: 'timeline',
    usage:
      '<dir> [--csv FILE] [--json FILE] [--by week|month|year] [--profile NAME|FILE] [--regions FILE --region-property NAME] [--changes FILE] [--changes-format geojson|flatgeobuf] [--readings FILE] [--controller NAME] [--controller-property NAME] [--allow-unmapped] [--allow-empty] [--quiet] [--workers N]',
    summary: 'area, gained and lost per date of a directory of dated GeoJSON/TopoJSON snapshots (km²), by region and period',
    help: [
      'Reads every *.geojson, *.topojson and *.json file of DIR as one dated snapshot (the date from the',
      'file name, YYYYMMDD or YYYY-MM-DD, a Unix timestamp with a profile that says so, else from the data).',
      '',
      '  --csv FILE             the rows as CSV instead of a table (with --regions: by region; with --by: by period)',
      '  --json FILE            everything as one JSON document: rows, region rows, periods, readings',
      '  --by week|month|year   gained, lost and net per ISO week, month or year, and the days each covered',
      '  --changes FILE         the ground gained and lost at every step, as GeoJSON (FlatGeobuf for a .fgb file)',
      '  --changes-format F     geojson or flatgeobuf, whatever the file is called',
      '  --readings FILE        how every file was read (classes seen, what each became, what was left out), JSON',
      '  --quiet                no progress bar and no notes',
      '  --workers N            split the dates over N threads (same output; at most twice the cores, 4 to 16)',
      TIMELINE_INPUT_HELP,
    ].join('\n'),
    load: () => import('./timeline.js'),
  },
  {
    name: 'chart',
    usage:
      '<dir> [--out FILE.svg|FILE.png] [--by week|month|year] [--profile NAME|FILE] [--regions FILE --region-property NAME --region NAME] [--show CONTROLLER]... [--title TEXT] [--credit TEXT]...',
    summary: 'draws a timeline: area held over time and gains and losses per period, per controller',
    help: [
      'Reads DIR as timeline does and draws, for each controller, the area held on each date beside the',
      'ground gained and lost per period. Without --out the SVG goes to standard output.',
      '',
      '  --out FILE             .png (through resvg, with the font that ships with frontline) or .svg',
      '  --by week|month|year   the periods of the bars (default week up to a year of dates, else month)',
      '  --region NAME          chart one region (with --regions FILE --region-property NAME)',
      '  --show CONTROLLER      draw this controller (repeatable; default all, largest first)',
      '  --title TEXT, --credit TEXT  the title, and the source credit (repeatable) under the chart',
      '  --width PX, --height PX, --scale N  size, and output pixels per SVG pixel for PNG',
      TIMELINE_INPUT_HELP,
    ].join('\n'),
    load: () => import('./chart.js'),
  },
  {
    name: 'claim',
    usage: '<file> --timeline DIR [--json] [--profile NAME|FILE] [--regions FILE --region-property NAME]',
    summary: 'checks a claim about area over time ("about 4,000 km² in 2024") reading by reading',
    help: [
      'FILE states a number of km² and its readings: gained, lost or net area of a controller between two',
      'dates, optionally inside a region (see docs/timeline.md). Each is worked out from the timeline of DIR.',
      '',
      '  --timeline DIR         the directory of snapshots, read as timeline reads it',
      '  --json                 the readings as JSON',
      TIMELINE_INPUT_HELP,
    ].join('\n'),
    load: () => import('./claim.js'),
  },
  {
    name: 'validate',
    usage: '<file> [--json] [--strict] [--self-touching-holes]',
    summary: 'check a GeoJSON file (rings, crossings, holes, overlaps); exit 1 when it is invalid',
    help: [
      '  --json                 { file, valid, errors, warnings, notes, findings }',
      '  --strict               warnings count as problems too (exit 1)',
      '  --self-touching-holes  accept rings that touch themselves to form holes, as JTS and GEOS do when',
      '                         asked and ESRI writes them (SELF_TOUCHING_HOLE warnings, not errors)',
      '',
      'Exit 0 valid, 1 invalid, 2 unusable input.',
    ].join('\n'),
    load: () => import('./validate.js'),
  },
];
