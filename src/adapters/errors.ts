/**
 * Typed adapter failures. Every adapter turns what went wrong into one of these kinds with a
 * message a person can act on; secrets (webhook URLs, tokens) never appear in a message.
 */
export type AdapterErrorKind =
  | 'network'
  | 'auth'
  | 'rate-limit'
  | 'not-found'
  | 'invalid-data'
  | 'timeout'
  | 'aborted';

const RETRYABLE: ReadonlySet<AdapterErrorKind> = new Set(['network', 'rate-limit', 'timeout']);

export interface AdapterErrorOptions {
  readonly cause?: unknown;
  /** For rate limits: how long the source asks us to wait. */
  readonly retryAfterMs?: number;
  /** For invalid data: the path of the offending field, e.g. `deals[3].amount`. */
  readonly field?: string;
}

export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly kind: AdapterErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly field: string | undefined;

  constructor(kind: AdapterErrorKind, message: string, options: AdapterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : options);
    this.kind = kind;
    this.retryAfterMs = options.retryAfterMs;
    this.field = options.field;
  }

  /** Whether trying again later may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isAdapterError(e: unknown): e is AdapterError {
  return e instanceof AdapterError;
}

/** The `aborted` AdapterError of a call its caller cancelled (`reason`: the signal's). */
export function cancelled(reason: unknown): AdapterError {
  return new AdapterError('aborted', 'The request was cancelled.', { cause: reason });
}

/** Throws the `aborted` AdapterError when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled(signal.reason);
}
