// Kept apart from timeline-input.ts so that the usage text loads nothing else.

/** Help lines of the reading options. */
export const TIMELINE_INPUT_HELP = [
  '  --profile NAME|FILE    how to read the source: deepstate, deepstate-live, or a profile file (JSON)',
  '  --allow-unmapped       skip, with a report, features no rule of the profile covers (else an error)',
  "  --area-of-interest FILE  drop polygons outside these polygons (GeoJSON); overrides the profile's",
  "  --area-where PROPERTY=VALUE[,VALUE]  only the area file's features whose PROPERTY is one of the values",
  '  --regions FILE         split every row by the regions (GeoJSON polygons) ...',
  '  --region-property NAME ... each named by this property',
  '  --controller NAME      the controller to follow (default: every controller; one-controller files: held)',
  "  --controller-property NAME  the feature property naming a polygon's controller (default controller)",
  '  --allow-empty          accept a file with no polygons, or without the followed controller, as holding',
  '                         nothing that day (a warning names each); without it, either is an error',
  '  --readers N            threads reading and parsing files beside the one diffing them (default 0)',
].join('\n');
