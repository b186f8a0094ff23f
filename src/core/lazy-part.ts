/**
 * A part of the code loaded on demand (a lazy chunk of the CDN bundle): fetched once per page, tried
 * again at the next call after a failed load, readable synchronously once here. `fetch` is called at
 * each load, so that what it calls can be replaced (the tests hold a chunk back, or make it fail).
 */
export interface LazyPart<T> {
  /** The part once here, else `undefined`. */
  readonly loaded: T | undefined;
  /** Loads the part (once per page; again after a failure). */
  load(): Promise<T>;
  /** Sets the part: for a module that says it is here as it runs, however it was imported. */
  provide(part: T): void;
}

export function lazyPart<T>(fetch: () => Promise<T>): LazyPart<T> {
  let part: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    get loaded() {
      return part;
    },
    load() {
      if (part !== undefined) return Promise.resolve(part);
      return (loading ??= fetch().then((p) => (part = p), (e: unknown) => {
        loading = undefined;
        throw e;
      }));
    },
    provide(p) {
      part = p;
    },
  };
}
