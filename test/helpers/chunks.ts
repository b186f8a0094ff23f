/**
 * Shared by the tests of the lazy chunks (not a test file itself): takes over one loader of an
 * object src exports for the tests (`widgetChunks`, `periodChunks`, `restChunks`… marked
 * "@internal Replaced by the tests"), to count its loads, hold them back or make them fail.
 *
 * A chunk loaded once stays loaded for the page (most are read through `lazyPart`, which then no
 * longer calls the loader): a test that holds a chunk back or makes it fail must run before any
 * test of its page that loads it.
 */

/** What a lost dynamic import rejects with in Chromium. */
export const IMPORT_FAILED = 'Failed to fetch dynamically imported module';

/** Whether `p` has settled after the tasks queued so far (and a few more) have run: e.g. a call waiting for a held chunk. */
export async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  return done;
}

type Loader = () => Promise<unknown>;

export interface ChunkLoader {
  /** The loads asked for since the loader was taken over (held, failing or not). */
  loads: number;
  /** The next loads wait until `release()`. */
  hold(): void;
  /** Lets the held loads go on (the next ones load at once). */
  release(): void;
  /** The next loads reject with a TypeError (`message`), as a dynamic import the network lost. */
  fail(message?: string): void;
  /** The next loads load at once. */
  succeed(): void;
  /** Puts the real loader back. */
  restore(): void;
}

/** Replaces `chunks[name]` with a loader counting its loads, loading at once until told otherwise. */
export function chunkLoader<T extends object, K extends keyof T>(chunks: T, name: K & (T[K] extends Loader ? unknown : never)): ChunkLoader {
  const slots = chunks as unknown as Record<K, Loader>;
  const real = slots[name];
  if (typeof real !== 'function') throw new Error(`no loader ${String(name)} to take over`);
  let mode: 'real' | 'held' | 'failing' = 'real';
  let failure = IMPORT_FAILED;
  let open = (): void => undefined;
  let gate = Promise.resolve();
  const loader: ChunkLoader = {
    loads: 0,
    hold() {
      mode = 'held';
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      mode = 'real';
      open();
    },
    fail(message = IMPORT_FAILED) {
      mode = 'failing';
      failure = message;
    },
    succeed() {
      mode = 'real';
    },
    restore() {
      slots[name] = real;
    },
  };
  slots[name] = () => {
    loader.loads++;
    if (mode === 'failing') return Promise.reject(new TypeError(failure));
    return mode === 'held' ? gate.then(real) : real();
  };
  return loader;
}
