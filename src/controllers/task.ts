import { notEqual, type ReactiveControllerHost } from 'lit';

/**
 * One async read of an element (its numbers, a client header, a page of records): what `@lit/task`
 * did for the suite, in the part of it the elements use (0.3 KB gzip less in the main bundle,
 * 2026-11-27). Before each update of the host the arguments are read again; when one of them
 * changed (lit's `notEqual`, item by item) the task runs again. A new run cancels the one still
 * running (its `signal` aborts) and only the latest run's outcome counts: an earlier one that
 * settles later is ignored. With `detach`, a host that leaves the document while a run is pending
 * cancels it, and the task runs again as the host comes back (a host moved in the page,
 * disconnected and connected at once, keeps its run).
 */

/** Where a task stands: never run (or its last run returned `initialState`), running, done or failed. */
const INITIAL = 0, PENDING = 1, COMPLETE = 2, ERROR = 3;
export const TaskStatus = { INITIAL, PENDING, COMPLETE, ERROR } as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** What a run returns to put the task back to `INITIAL` (nothing to read yet, e.g. a closed panel). */
export const initialState = Symbol();

export interface TaskConfig<A extends readonly unknown[], R> {
  /** The arguments, read before each update of the host (as many each time). */
  args: () => A;
  /** One run: its value, or `initialState`. */
  task: (args: A, options: { readonly signal: AbortSignal }) => Promise<R | typeof initialState> | R | typeof initialState;
  /** The latest run's value, as it settles. */
  onComplete?: (value: R) => void;
  /** The latest run's error, as it settles (a cancelled run fails with the abort's error). */
  onError?: (error: unknown) => void;
  /** The host leaving the document (not moved in it) cancels the pending run; the task runs again on its return. */
  detach?: boolean;
}

export class Task<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /** (All three set by the task only.) */
  status: TaskStatus = INITIAL;
  /** The latest settled run's value (`undefined` after a failure); kept while a new run is pending. */
  value?: R;
  /** The latest settled run's error (`undefined` after a success). */
  error?: unknown;

  #host: ReactiveControllerHost;
  #config: TaskConfig<A, R>;
  #args?: A;
  /** Number of the latest run: an earlier one that settles is not counted. */
  #runs = 0;
  #abort?: AbortController;
  /** The pending run was cancelled because the host left the document: the task runs again on its return. */
  #detached = false;
  /** `taskComplete`: one promise from a run started idle until the run that settles it (later ones supersede it); `#settle` until then. */
  #complete?: Promise<R>;
  #settle?: [(value: R) => void, (error: unknown) => void];

  constructor(host: ReactiveControllerHost & { readonly isConnected: boolean }, config: TaskConfig<A, R>) {
    this.#host = host;
    this.#config = config;
    host.addController({
      hostUpdate: () => this.#update(),
      hostConnected: () => {
        if (this.#detached) {
          this.#detached = false;
          this.rerun(); // (the arguments of then, e.g. a new context)
        }
      },
      // (Checked after the current script: a move connects the host again by then.)
      hostDisconnected: () => config.detach && queueMicrotask(() => {
        if (!host.isConnected && this.status === PENDING) {
          this.#detached = true;
          this.abort();
        }
      }),
    });
  }

  #update(): void {
    const args = this.#config.args();
    const prev = this.#args;
    if (!prev || args.some((a, i) => notEqual(a, prev[i]))) void this.run(args);
  }

  /** Runs the task now (with `args`, else the current arguments), cancelling a run still pending. */
  async run(args = this.#config.args()): Promise<void> {
    this.#args = args;
    this.abort();
    // A new promise unless one still waits (a run returned `initialState`: the next outcome settles it).
    // (Handled here: a failure nobody waits for is no unhandled rejection.)
    if (!this.#settle) (this.#complete = new Promise<R>((resolve, reject) => (this.#settle = [resolve, reject]))).catch(() => undefined);
    this.status = PENDING;
    this.#host.requestUpdate();
    const run = ++this.#runs;
    const abort = (this.#abort = new AbortController());
    let value: R | typeof initialState | undefined;
    let error: unknown;
    let failed = false;
    try {
      value = await this.#config.task(args, { signal: abort.signal });
    } catch (e) {
      failed = true;
      error = e;
    }
    if (run !== this.#runs) return;
    if (value === initialState) this.status = INITIAL;
    else {
      if (failed) {
        this.#config.onError?.(error);
        this.status = ERROR;
        this.#settle?.[1](error);
      } else {
        this.#config.onComplete?.(value as R);
        this.status = COMPLETE;
        this.#settle?.[0](value as R);
      }
      this.#settle = undefined;
      this.value = value;
      this.error = error;
    }
    this.#host.requestUpdate();
  }

  /** Runs the task again at the host's next update (with the arguments of then), even if they are the same. */
  rerun(): void {
    this.#args = undefined;
    this.#host.requestUpdate();
  }

  /** Cancels the run pending, if any (it fails with the abort's error). */
  abort(): void {
    if (this.status === PENDING) this.#abort?.abort();
  }

  /**
   * Resolves with the value once the current run settles (rejects with its error); when idle, at
   * once with the last outcome. A run that returns `initialState` settles nothing: the promise waits
   * for the next run that has a value or an error (as `@lit/task`'s).
   */
  get taskComplete(): Promise<R> {
    return this.#complete ?? Promise.resolve(this.value as R);
  }
}
