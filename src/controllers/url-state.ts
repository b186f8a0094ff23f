/**
 * Deep links of `<crm-profile sync-url>`: the view's state in the URL fragment, as parameters of
 * their own next to whatever else the page keeps there. Pure, no DOM.
 *
 *   #crm-period=month:2026-03&crm-compare=previous&crm-widget=w3&crm-open=won-value&crm-of=previous
 *
 * - `<name>-period`: the page period (core string form); `<name>-compare`: previous / last-year;
 * - `<name>-widget`: the widget (layout id) whose drill-down or explanation is open;
 * - `<name>-open`: the number (figure id) whose records are listed, or `explanation`;
 * - `<name>-of`: `previous` when the records are the comparison period's.
 * `name` is the `sync-url` attribute's value (default `crm`), so that two profiles of one page keep
 * their own state. A fragment that is not made of parameters (`#section-2`) is kept as it is when
 * there is no state to write, and replaced otherwise (it cannot hold both).
 */
import { isCompareMode, type CompareMode } from '../core/compare-modes.js';

export interface UrlState {
  readonly period?: string;
  readonly compare?: CompareMode;
  /** What is open in one widget: a number's records (of the comparison period with `previous`), or its explanation. */
  readonly open?: { readonly widget: string; readonly figure: string; readonly previous?: boolean } | { readonly widget: string; readonly explanation: true };
}

const MAX = 200;
const clean = (v: string | null): string | undefined => (v && v.length <= MAX ? v : undefined);

/** Parameters of a fragment (`#a=1&b=2`); `undefined` when it is a plain anchor (`#section`). */
function params(hash: string): URLSearchParams | undefined {
  const text = hash.replace(/^#/, '');
  if (text === '') return new URLSearchParams();
  return text.includes('=') ? new URLSearchParams(text) : undefined;
}

/** The profile's state in a fragment (nothing invalid is taken: a bad value is left out). */
export function readUrlState(hash: string, name = 'crm'): UrlState {
  const p = params(hash);
  if (!p) return {};
  const period = clean(p.get(`${name}-period`));
  const compare = p.get(`${name}-compare`);
  const widget = clean(p.get(`${name}-widget`));
  const open = clean(p.get(`${name}-open`));
  return {
    ...(period ? { period } : {}),
    ...(isCompareMode(compare) ? { compare } : {}),
    ...(widget && open ? {
      open: open === 'explanation' ? { widget, explanation: true as const }
        : { widget, figure: open, ...(p.get(`${name}-of`) === 'previous' ? { previous: true } : {}) },
    } : {}),
  };
}

/** `hash` with the profile's parameters replaced by `state` (other parameters kept, in order). */
export function writeUrlState(hash: string, state: UrlState, name = 'crm'): string {
  const p = params(hash) ?? new URLSearchParams();
  for (const key of [...p.keys()]) if (key.startsWith(`${name}-`)) p.delete(key);
  if (state.period) p.set(`${name}-period`, state.period);
  if (state.compare) p.set(`${name}-compare`, state.compare);
  if (state.open) {
    p.set(`${name}-widget`, state.open.widget);
    p.set(`${name}-open`, 'explanation' in state.open ? 'explanation' : state.open.figure);
    if ('previous' in state.open && state.open.previous) p.set(`${name}-of`, 'previous');
  }
  const text = p.toString();
  if (text === '' && !params(hash)) return hash; // a plain anchor, and nothing of ours to write
  return text === '' ? '' : `#${text}`;
}

/** Whether two states are the same view. */
export function sameUrlState(a: UrlState, b: UrlState): boolean {
  return writeUrlState('', a) === writeUrlState('', b);
}
