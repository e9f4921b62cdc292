import path from 'node:path';
import { FrontlineError } from '../errors.js';
import { areaFromGeoJSON } from '../sources/area-of-interest.js';
import { builtinArea } from '../sources/builtin-areas.js';
import { validateProfile, type AreaOfInterest, type AreaOfInterestSpec, type SourceProfile } from '../sources/profile.js';
import { BUILTIN_PROFILES } from '../sources/profiles.js';
import { readJsonFile } from './read-json.js';

/** A profile ready to read with: the profile, and its area of interest as polygons. */
export interface LoadedProfile {
  profile: SourceProfile;
  areaOfInterest?: AreaOfInterest;
}

/**
 * A source profile by built-in name (`deepstate`, `deepstate-live`) or from a JSON file, with
 * its area of interest read: a built-in area by name, or a GeoJSON file (relative to the
 * profile file), narrowed to the features whose `property` is one of `values`.
 *
 * @param spec a built-in name or a path (anything with a `/`, `\` or `.json` is a path)
 * @throws FrontlineError `INVALID_PROFILE` for an unknown name or a malformed profile; the
 *   file-reading codes of `readJsonFile` for a profile or area file that cannot be read
 */
export function loadProfile(spec: string): LoadedProfile {
  const builtin = Object.hasOwn(BUILTIN_PROFILES, spec) ? BUILTIN_PROFILES[spec] : undefined;
  const isPath = /[/\\]|\.json$/i.test(spec);
  if (!builtin && !isPath) {
    throw new FrontlineError(
      'INVALID_PROFILE',
      `no built-in profile "${spec}" (built in: ${Object.keys(BUILTIN_PROFILES).join(', ')}); give a path to a profile file to read one of your own`,
      { where: spec },
    );
  }
  const profile = builtin ?? validateProfile(readJsonFile(spec, 'a frontline source profile (JSON)'), spec);
  const spec2 = profile.areaOfInterest;
  if (!spec2) return { profile };
  return { profile, areaOfInterest: loadArea(spec2, builtin ? undefined : path.dirname(spec)) };
}

/**
 * An area of interest from its spec: a built-in area, or a GeoJSON file read relative to
 * `base` (the profile's folder; the working directory when none).
 */
export function loadArea(spec: AreaOfInterestSpec, base?: string): AreaOfInterest {
  if (spec.builtin !== undefined) {
    const area = builtinArea(spec.builtin);
    return spec.name ? { ...area, name: spec.name } : area;
  }
  const file = base === undefined ? spec.file! : path.resolve(base, spec.file!);
  const data = readJsonFile(file, 'a GeoJSON file of polygons (an area of interest)');
  const name = spec.name ?? (spec.values ? spec.values.join(', ') : path.basename(file));
  return areaFromGeoJSON(data, name, spec.property, spec.values);
}
