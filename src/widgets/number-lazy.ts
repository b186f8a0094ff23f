/**
 * What the catalog, the views and the widget need of the custom number (`./number.ts`) without
 * loading it, and the rest on demand. Its rules (the formula, the combination, their words and the
 * view, 1.2 KB gzip) are a lazy chunk of the CDN bundle: a widget of type `number` loads them before
 * its first numbers, and the chunks that check or edit settings (the layout rules, the settings
 * dialog) import `./number.ts` themselves. The module tells this one it is here as it runs
 * (`numberRulesLoaded`), however it was imported.
 */
import type { MetricId } from '../core/metrics.js';
import { lazyPart } from '../core/lazy-part.js';

/** What a new custom number shows: the value of won deals, alone. */
export const DEFAULT_NUMBER_METRICS: readonly MetricId[] = ['won-value'];

export type NumberRules = Pick<typeof import('./number.js'), 'formulaLabel' | 'isNumberMetric' | 'numberFormula' | 'numberView' | 'restrictionApplies'>;

/**
 * How the rules are loaded.
 * @internal Replaced by the tests to hold the chunk back or make it fail.
 */
export const numberChunks = { rules: (): Promise<unknown> => import('./number.js') };

const rules = lazyPart(async (): Promise<NumberRules> => {
  await numberChunks.rules();
  if (!rules.loaded) throw new Error('src/widgets/number.ts ran without registering its rules.');
  return rules.loaded;
});

/** Called by `./number.ts` as it runs. @internal */
export const numberRulesLoaded = (r: NumberRules): void => rules.provide(r);

/** The rules once `./number.ts` has run, else `undefined`. */
export const loadedNumberRules = (): NumberRules | undefined => rules.loaded;

/** Loads the rules once per page; a failed load is tried again at the next call. */
export const numberRules = (): Promise<NumberRules> => rules.load();

/** The rules, which the caller made sure are loaded. @throws Error saying what needed them, when they are not. */
export function requireNumberRules(what: string): NumberRules {
  const loaded = rules.loaded;
  if (!loaded) throw new Error(`${what} needs the custom number's rules (src/widgets/number.ts), not loaded yet.`);
  return loaded;
}
