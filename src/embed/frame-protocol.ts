/**
 * The small protocol between `<crm-profile-frame>` (the host page) and `startFrameChild()` (the
 * framed page). Pure: no DOM, no globals, so both sides and the tests share one definition.
 *
 * - Host → child: the parameters travel in the URL **fragment** (`#entity-type=contact&entity-id=42
 *   &period=last-30-days&locale=fr&theme=dark&parent-origin=https%3A%2F%2Fcrm.example`), never by
 *   message: the child listens to no message at all, so nothing can be forged into it.
 * - Child → host: one message, `{ type: 'crm-profile:height', version: 1, height }`, posted to the
 *   explicit parent origin only (never `'*'`), accepted by the host only from the iframe it created
 *   and from its allowed origin. Anything else is ignored.
 */

/** `type` of the height message. */
export const HEIGHT_MESSAGE_TYPE = 'crm-profile:height';
/** `version` of the height message; a host ignores versions it does not know. */
export const FRAME_PROTOCOL_VERSION = 1;
/** The tallest height a host applies (px): a larger report is clamped to it. */
export const MAX_FRAME_HEIGHT = 20_000;

/** The child's parameters (names in the URL: kebab-case, as the attributes). */
export interface FrameParams {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly period?: string;
  readonly locale?: string;
  readonly theme?: string;
  readonly editable?: boolean;
  /** Declarative data source (`demo`); read by the child only (the host never sets it). */
  readonly source?: string;
  /** The origin the child may post its height to (the host sets its own `location.origin`). */
  readonly parentOrigin?: string;
}

/** URL parameter names, in the order the host writes them. */
export const PARAM_NAMES = {
  entityType: 'entity-type',
  entityId: 'entity-id',
  period: 'period',
  locale: 'locale',
  theme: 'theme',
  editable: 'editable',
  source: 'source',
  parentOrigin: 'parent-origin',
} as const satisfies Record<keyof FrameParams, string>;

export interface HeightMessage {
  readonly type: typeof HEIGHT_MESSAGE_TYPE;
  readonly version: typeof FRAME_PROTOCOL_VERSION;
  readonly height: number;
}

/** The message a child posts: `height` rounded up to a whole pixel. */
export function heightMessage(height: number): HeightMessage {
  return { type: HEIGHT_MESSAGE_TYPE, version: FRAME_PROTOCOL_VERSION, height: Math.ceil(height) };
}

/**
 * The height carried by a message, or `undefined` when it is not a valid height message: a plain
 * object (not a string, not an array) with exactly our `type`, `version` 1 and a finite,
 * non-negative number `height`. The height is rounded up and clamped to `MAX_FRAME_HEIGHT`.
 * Extra keys are ignored (a later minor addition must not break an older host).
 */
export function parseHeightMessage(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const m = data as Record<string, unknown>;
  if (m['type'] !== HEIGHT_MESSAGE_TYPE || m['version'] !== FRAME_PROTOCOL_VERSION) return undefined;
  const h = m['height'];
  if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) return undefined;
  return Math.min(Math.ceil(h), MAX_FRAME_HEIGHT);
}

/**
 * The serialized origin of `value` when `value` is exactly an http(s) origin (`scheme://host[:port]`,
 * a trailing `/` tolerated), else `undefined`: `'*'`, `'null'`, paths, queries, credentials and
 * other schemes are refused.
 */
export function exactOrigin(value: string | null | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (!v) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  // The input must not hold anything the origin drops (e.g. "https://a.example/?" or "https://a.example/#").
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(v)) return undefined;
  return url.origin;
}

/** The origin of an http(s) URL (`undefined` for other schemes or an invalid URL). */
export function httpOriginOf(url: string, base?: string): string | undefined {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `src` with the parameters written into its fragment (other fragment parameters of `src` kept,
 * its query untouched). Empty values are left out; `editable` is written as `editable=1` when true.
 */
export function frameUrl(src: URL, params: FrameParams): string {
  const url = new URL(src.href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  for (const key of Object.keys(PARAM_NAMES) as (keyof FrameParams)[]) {
    const name = PARAM_NAMES[key];
    const value = params[key];
    if (key === 'editable') {
      if (value === true) hash.set(name, '1');
      else hash.delete(name);
    } else if (typeof value === 'string' && value.trim() !== '') {
      hash.set(name, value.trim());
    } else {
      hash.delete(name);
    }
  }
  url.hash = hash.toString();
  return url.href;
}

const TRUE_VALUES = new Set(['', '1', 'true', 'yes']);

/**
 * The parameters of a child URL: the fragment's win over the query's (the host writes the
 * fragment; the query is the child page's own, e.g. `?source=demo`).
 */
export function readFrameParams(href: string): FrameParams {
  const url = new URL(href);
  const query = url.searchParams;
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const get = (name: string): string | undefined => {
    const v = hash.has(name) ? hash.get(name) : query.get(name);
    return v === null || v === undefined ? undefined : v.trim();
  };
  const out: Record<string, string | boolean> = {};
  for (const key of Object.keys(PARAM_NAMES) as (keyof FrameParams)[]) {
    const v = get(PARAM_NAMES[key]);
    if (v === undefined) continue;
    if (key === 'editable') out[key] = TRUE_VALUES.has(v.toLowerCase());
    else if (v !== '') out[key] = v;
  }
  return out as FrameParams;
}

/** Where the child learned who its parent is. */
export interface ParentEvidence {
  /** Whether the page is framed at all (`window.parent !== window`). */
  readonly framed: boolean;
  /** `location.ancestorOrigins` (Chromium, WebKit), nearest first; `undefined` where unsupported. */
  readonly ancestorOrigins?: ArrayLike<string>;
  /** `document.referrer` (the fallback where `ancestorOrigins` is missing). */
  readonly referrer?: string;
}

export type ParentCheck =
  | { readonly ok: true; readonly origin: string; readonly by: 'ancestorOrigins' | 'referrer' }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether the child may post to `requested`: it must be an exact http(s) origin and equal the
 * parent's actual origin, read from `ancestorOrigins[0]` when the browser has it, else from the
 * origin of `document.referrer`. When neither says anything, the answer is no.
 */
export function checkParentOrigin(requested: string | undefined, evidence: ParentEvidence): ParentCheck {
  if (!evidence.framed) {
    return { ok: false, reason: 'This page is not inside a frame: there is no parent to report the height to.' };
  }
  if (!requested) {
    return { ok: false, reason: 'No parent origin was given (the "parent-origin" parameter or the parentOrigin option): the height is posted to nobody.' };
  }
  const origin = exactOrigin(requested);
  if (!origin) {
    return { ok: false, reason: `The parent origin "${requested.slice(0, 80)}" is not an http(s) origin (scheme://host[:port], no path, never "*").` };
  }
  if (evidence.ancestorOrigins) {
    const actual = evidence.ancestorOrigins.length > 0 ? evidence.ancestorOrigins[0] : undefined;
    if (actual === origin) return { ok: true, origin, by: 'ancestorOrigins' };
    return { ok: false, reason: `The parent origin given (${origin}) is not the origin of the page framing this one (${actual ?? 'unknown'}).` };
  }
  const fromReferrer = evidence.referrer ? httpOriginOf(evidence.referrer) : undefined;
  if (!fromReferrer) {
    return { ok: false, reason: `The origin of the framing page cannot be checked (no location.ancestorOrigins and no referrer): nothing is posted to ${origin}.` };
  }
  if (fromReferrer === origin) return { ok: true, origin, by: 'referrer' };
  return { ok: false, reason: `The parent origin given (${origin}) is not the origin of the page framing this one (${fromReferrer}, from the referrer).` };
}
