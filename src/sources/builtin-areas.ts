// Built-in areas of interest ship inside the package (data/, compiled at build time from
// Natural Earth, see ukraine-area.ts). Imported as a module, so bundlers include it and Node
// reads it without any path from the caller.
import ukraine from '../../data/ukraine-1991.json' with { type: 'json' };
import { FrontlineError } from '../errors.js';
import { areaFromGeoJSON } from './area-of-interest.js';
import type { AreaOfInterest } from './profile.js';

/** The built-in areas of interest by name. */
export const BUILTIN_AREAS: readonly string[] = ['ukraine-1991'];

let ukraineArea: AreaOfInterest | undefined;

/**
 * A built-in area of interest: `ukraine-1991`, Ukraine in its 1991 borders (Crimea included)
 * with the northern Black Sea and the Sea of Azov (Natural Earth 1:50m, public domain).
 *
 * @throws FrontlineError `INVALID_PROFILE` for a name that is not built in
 */
export function builtinArea(name: string): AreaOfInterest {
  if (name !== 'ukraine-1991') {
    throw new FrontlineError('INVALID_PROFILE', `no built-in area of interest "${name}" (built in: ${BUILTIN_AREAS.join(', ')})`, { where: name });
  }
  ukraineArea ??= areaFromGeoJSON(ukraine, 'Ukraine in its 1991 borders');
  return ukraineArea;
}
