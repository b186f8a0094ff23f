/**
 * The errors of failed Bitrix24 requests: the kind and message of an error the portal answered
 * (HTTP status, `error` code, `error_description`), told from its codes and words. A lazy chunk
 * fetched by client.ts at the first failure (a first paint that succeeds never needs it).
 */
import { AdapterError, type AdapterErrorKind } from '../errors.js';

const AUTH_CODES = new Set(['expired_token', 'no_auth_found', 'invalid_token', 'insufficient_scope', 'access_denied', 'invalid_credentials', 'user_access_error', 'wrong_auth_type', 'allowed_only_intranet_user', 'payment_required', 'invalid_grant']);
const RATE_CODES = new Set(['query_limit_exceeded', 'operation_time_limit', 'overload_limit']);
const INVALID_CODES = new Set(['invalid_arg_value', 'invalid_request', 'error_batch_length_exceeded', 'error_batch_method_not_allowed', 'error_method_not_found', 'error_argument', 'error_core']);

/**
 * Scope hint for the admin: the method family's scope (`crm.item.list` → `crm`); for a batch, the
 * families of its commands (`crm.contact.get, user.get (batch)` → `crm", "user_brief`).
 */
function scopeOf(method: string): string {
  const families = method.replace(/\s*\(batch\)$/, '').split(/,\s*/)
    .map((m) => m.trim().split('.')[0] ?? '')
    .filter((f) => f && f !== 'batch')
    .map((f) => (f === 'user' ? 'user_brief' : f));
  return [...new Set(families)].join('", "') || 'crm';
}

/** What a request is called in messages: the method, or a batch's distinct methods. */
function requestName(method: string, params: unknown): string {
  if (method !== 'batch') return method;
  const cmd = (params as { cmd?: unknown } | null)?.cmd;
  const methods = cmd && typeof cmd === 'object' ? Object.values(cmd).map((c) => String(c).split('?')[0]) : [];
  return methods.length ? `${[...new Set(methods)].join(', ')} (batch)` : 'batch';
}

function sentence(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return '';
  const s = t[0]?.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

interface ErrorInfo {
  /** Normalised code ('' when the server sent an empty or numeric code). */
  readonly code: string;
  readonly description: string;
  readonly status: number | undefined;
}

function errorInfo(body: unknown, status: number | undefined, redact: (s: string) => string): ErrorInfo {
  const o = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rawCode = o['error'];
  const code = typeof rawCode === 'string' ? redact(rawCode).trim() : '';
  const d = o['error_description'];
  const description = typeof d === 'string' ? redact(d).trim().slice(0, 500) : '';
  return { code, description, status };
}

function kindOf(info: ErrorInfo): AdapterErrorKind {
  const c = info.code.toLowerCase();
  if (AUTH_CODES.has(c)) return 'auth';
  if (RATE_CODES.has(c)) return 'rate-limit';
  if (c === 'not_found' || c === 'error_not_found') return 'not-found';
  if (INVALID_CODES.has(c)) return 'invalid-data';
  const s = info.status;
  if (s === 401 || s === 403) return 'auth';
  if (s === 404) return 'not-found';
  if (s === 429) return 'rate-limit';
  if (s !== undefined && s >= 500) return c === 'overload_limit' ? 'rate-limit' : 'network';
  // Legacy CRM methods send an empty (or numeric) code with HTTP 400: read the text.
  const d = info.description.toLowerCase();
  if (/access denied|permission|not allowed to|insufficient/.test(d)) return 'auth';
  if (/not found/.test(d)) return 'not-found';
  return 'invalid-data';
}

function messageOf(kind: AdapterErrorKind, info: ErrorInfo, method: string, label: string): string {
  const c = info.code.toLowerCase();
  const detail = sentence(info.description || info.code || (info.status ? `HTTP status ${info.status}` : 'no details'));
  const because = detail ? ` Bitrix24 says: ${detail}` : '';
  switch (kind) {
    case 'auth':
      if (c === 'expired_token' || c === 'invalid_token') {
        return `The Bitrix24 access token for ${label} has expired and could not be renewed; reopen the application or sign in again.${because}`;
      }
      if (c === 'insufficient_scope') {
        return `Bitrix24 refused ${method} because the webhook or application lacks the "${scopeOf(method)}" permission scope. Ask your Bitrix24 administrator to add the "${scopeOf(method)}" scope to the webhook or application.${because}`;
      }
      if (c === 'no_auth_found' || c === 'invalid_credentials') {
        return `Bitrix24 (${label}) did not accept the credentials for ${method}; check that the webhook or application still exists and has not expired.${because}`;
      }
      return `Bitrix24 denied access to ${method}. Ask your Bitrix24 administrator to grant the user behind the webhook or application access to this data (and the "${scopeOf(method)}" scope), or check the portal's plan.${because}`;
    case 'rate-limit':
      if (c === 'operation_time_limit') {
        return `Bitrix24 temporarily blocked ${method} because it used too much server time; try again in a few minutes.${because}`;
      }
      if (c === 'overload_limit') {
        return `The Bitrix24 REST API of ${label} is blocked due to overload; contact Bitrix24 support if this persists.${because}`;
      }
      return `Bitrix24 (${label}) received too many requests; try again in a few seconds.${because}`;
    case 'not-found':
      return `Bitrix24 could not find the record requested by ${method}.${because}`;
    case 'network':
      return `Bitrix24 (${label}) failed to answer ${method}; try again later.${because}`;
    default:
      return `Bitrix24 rejected the ${method} request as invalid.${because}`;
  }
}

/** The AdapterError of an error answer to `method` (a batch is named by its commands' methods). */
export function toAdapterError(
  body: unknown,
  status: number | undefined,
  method: string,
  params: unknown,
  label: string,
  redact: (s: string) => string,
  retryAfterMs?: number,
): AdapterError {
  const info = errorInfo(body, status, redact);
  const kind = kindOf(info);
  return new AdapterError(kind, messageOf(kind, info, requestName(method, params), label), retryAfterMs === undefined ? {} : { retryAfterMs });
}

