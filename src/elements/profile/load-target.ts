/**
 * The reading of `<crm-profile load-target>`, a lazy chunk loaded by a profile with that attribute
 * only (most have none: the peers' average is the target), so that the main bundle does not carry
 * its check and its warning.
 */

/** The largest manual load target (activities per deal) taken: beyond, a typing slip rather than a target. */
const MAX_LOAD_TARGET = 10_000;

/** `load-target` (`attribute` its text) when it is a usable number of activities per deal, else null (the peers' average) after a warning. */
export function manualTarget(t: number, attribute: string | null, warn: (message: string) => void): number | null {
  if (typeof t === 'number' && Number.isFinite(t) && t > 0 && t <= MAX_LOAD_TARGET) return t;
  warn(`Invalid load-target "${attribute ?? String(t)}": expected a number of activities per deal above 0 and at most ${MAX_LOAD_TARGET}; using the peers' average.`);
  return null;
}
