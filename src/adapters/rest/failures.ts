/**
 * The errors of a REST request that failed (a lazy chunk of the CDN bundle, fetched by `RestAdapter`
 * at the first failure, never by a first paint that succeeds): an HTTP error status and its error
 * envelope, a request with no answer (network, timeout), a token function that failed, an answer
 * that breaks the contract, a part of `POST /aggregate` unanswered. Each builds the AdapterError the
 * adapter throws; `scrub` removes the tokens from a text the server or the browser gave.
 */
import { AdapterError } from '../errors.js';
// messages.ts: formatSeconds, and, as it loads, what a bad field should be (responses.ts's `fail`).
import { formatSeconds } from './messages.js';
import type { ErrorEnvelope, Obj } from './responses.js';

/** What a message needs of the adapter: its label (the host) and the tokens it knows (never told). */
export interface Teller {
  readonly label: string;
  readonly secrets: Iterable<string>;
}

/** `text` without any token the adapter knows (server messages may echo a header). */
function scrub(tell: Teller, text: string): string {
  let out = text;
  for (const s of tell.secrets) if (s.length >= 4) out = out.split(s).join('[token]');
  return out;
}

/** `Retry-After`: delay in seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/**
 * The error a status that is not 2xx means: 400 → invalid-data, 401/403 → auth, 404 → not-found,
 * 429 → rate-limit (with `Retry-After`), 5xx and 408 → network; the message and field of the body's
 * error envelope (`{ error: { code, message, field? } }`), if it is one.
 */
export function httpError(tell: Teller, route: string, res: Response, text: string): AdapterError {
  const { status } = res;
  if (res.ok) {
    const type = res.headers.get('content-type')?.split(';')[0]?.trim() || 'no content type';
    return new AdapterError('invalid-data', `${route} (body): expected a JSON body, got ${text.trim() === '' ? 'an empty body' : `text that is not JSON (${type})`} (REST API ${tell.label})`, { field: '(body)' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: no envelope.
  }
  const envelope = parseErrorEnvelope(json);
  const said = envelope ? `: ${scrub(tell, envelope.message)}` : '';
  const field = envelope?.field;
  const head = `The REST API (${tell.label}) answered ${route} with HTTP ${status}`;
  if (status === 401 || status === 403) {
    return new AdapterError('auth', `${head}${said}. ${status === 401 ? 'Sign in again or check the token.' : 'This account may not read this data.'}`);
  }
  if (status === 404) return new AdapterError('not-found', envelope ? `${scrub(tell, envelope.message)} (REST API ${tell.label})` : `${head}: not found.`);
  if (status === 429) {
    const wait = retryAfterMs(res.headers.get('retry-after'));
    const when = wait === undefined ? 'Try again in a moment.' : `Try again in ${formatSeconds(wait)}.`;
    return new AdapterError('rate-limit', `${head} (too many requests)${said}. ${when}`, wait === undefined ? {} : { retryAfterMs: wait });
  }
  if (status >= 500 || status === 408) return new AdapterError('network', `${head}${said || ' (server error)'}. Try again later.`);
  return new AdapterError('invalid-data', `${head}${field ? ` (field ${field})` : ''}${said}.`, field ? { field } : {});
}

/** A request with no answer: `timedOut` after `timeoutMs`, else the network (or CORS) failed with `e`. */
export function unanswered(tell: Teller, route: string, e: unknown, timedOut: boolean, timeoutMs: number): AdapterError {
  if (timedOut) {
    return new AdapterError('timeout', `The REST API (${tell.label}) did not answer ${route} within ${formatSeconds(timeoutMs)}; try again later.`, { cause: e });
  }
  const why = e instanceof Error && e.message ? `: ${scrub(tell, e.message)}` : '';
  return new AdapterError('network', `The REST API (${tell.label}) could not be reached for ${route}${why}. Check the connection, the URL and the server's CORS headers.`, { cause: e });
}

/** The token function threw (`threw`: what it threw) or gave no token (`threw` undefined). */
export function noToken(tell: Teller, threw?: readonly [unknown]): AdapterError {
  return threw
    ? new AdapterError('auth', `Could not get a token for the REST API (${tell.label}).`, { cause: threw[0] })
    : new AdapterError('auth', `The token function for the REST API (${tell.label}) gave no token.`);
}

/**
 * An answer that breaks the contract: the parser's error `e` (`items[3].id: …`) told again by
 * `parse` now that messages.ts is here, the request in front.
 */
export function badAnswer(tell: Teller, route: string, e: AdapterError, parse: () => unknown): AdapterError {
  let told = e;
  try {
    parse();
  } catch (again) {
    if (again instanceof AdapterError) told = again;
  }
  return new AdapterError('invalid-data', `${route} ${scrub(tell, told.message)} (REST API ${tell.label})`, { field: told.field, cause: told });
}

/** `POST /aggregate` answered, but not one of the queries asked (`message`: the server's). */
export function partFailed(tell: Teller, message: string): AdapterError {
  return new AdapterError('network', `The REST API (${tell.label}) could not answer part of POST /aggregate: ${scrub(tell, message)}. Try again later.`);
}

/**
 * The error envelope of a failed request's body: `{ error: { code, message, field? } }` (cut to 100,
 * 500 and 200 characters), or `undefined` when the body is not one.
 */
export function parseErrorEnvelope(v: unknown): ErrorEnvelope | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const e = (v as Obj)['error'];
  if (e === null || typeof e !== 'object') return undefined;
  const { code, message, field } = e as Obj;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code: code.slice(0, 100), message: message.slice(0, 500), ...(typeof field === 'string' ? { field: field.slice(0, 200) } : {}) };
}
