import { expect } from 'vitest';
import { FrontlineError } from '../../src/errors.js';

/** Runs `run` and returns the FrontlineError it throws; fails the test if it throws anything else or nothing. */
export function catchError(run: () => unknown): FrontlineError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FrontlineError);
    return error as FrontlineError;
  }
  throw new Error('expected a FrontlineError, nothing was thrown');
}

/** Freezes a value and everything reachable from it, so that any write to an input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
