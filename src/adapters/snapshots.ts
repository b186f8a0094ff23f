/**
 * The offline snapshots of `<crm-profile>`: the last answer of each call that succeeded, in the
 * page origin's IndexedDB, so that a profile can show them read-only when its source is unreachable.
 * A small hand-written wrapper (no library), loaded with a dynamic `import()` only by profiles with
 * offline snapshots on.
 *
 * Database `crm-profile-widgets` (`DB_NAME`), version 1, object store `snapshots` with key path
 * `key` and an index on `savedAt`. An entry is `{ key, savedAt, data }`: `key` is
 * `<source>|<client>|<call>|<query>` (see `cacheKeys`), `savedAt` the instant the data was read from
 * the source (ms), `data` the answer as the adapter gave it (structured clone). Entries older than
 * 30 days are deleted when the database is opened.
 *
 * Nothing here throws or rejects: IndexedDB missing or refused (private mode, policy), a full quota,
 * a value that cannot be stored or an entry that is not ours all end in one console warning each,
 * and the call answers "nothing stored" (reads) or does nothing (writes).
 */
export const DB_NAME = 'crm-profile-widgets';
export const DB_VERSION = 1;
export const STORE = 'snapshots';
/** Entries older than this are deleted when the database is opened. */
export const MAX_AGE_MS = 30 * 86_400_000;

export interface Snapshot {
  readonly key: string;
  readonly savedAt: number;
  readonly data: unknown;
}

const warned = new Set<string>();

function warn(what: string, error: unknown): void {
  const message = `crm-profile-widgets: offline snapshots: ${what} (${(error as Error)?.message ?? String(error)})`;
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}

/** An IDBRequest as a promise. */
const done = <T>(req: IDBRequest<T>): Promise<T> => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
});

let db: Promise<IDBDatabase | undefined> | undefined;

/** The database, opened once per page; undefined when IndexedDB cannot be used. */
function open(): Promise<IDBDatabase | undefined> {
  return (db ??= new Promise<IDBDatabase | undefined>((resolve) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const store = req.result.objectStoreNames.contains(STORE) ? req.transaction!.objectStore(STORE)
        : req.result.createObjectStore(STORE, { keyPath: 'key' });
      if (!store.indexNames.contains('savedAt')) store.createIndex('savedAt', 'savedAt');
    };
    req.onsuccess = () => {
      const opened = req.result;
      // Another tab upgrading or deleting the database: let it, open again on next use.
      opened.onversionchange = () => {
        opened.close();
        db = undefined;
      };
      resolve(opened);
      prune(opened);
    };
    req.onerror = () => resolve(failed(req.error));
    req.onblocked = () => resolve(failed(new Error('blocked by another tab')));
  }).catch(failed));
}

function failed(error: unknown): undefined {
  warn('IndexedDB is not available, so no offline copy is kept or shown', error);
  return undefined;
}

/** Deletes the entries older than MAX_AGE_MS. */
function prune(opened: IDBDatabase): void {
  try {
    const req = opened.transaction(STORE, 'readwrite').objectStore(STORE).index('savedAt')
      .openCursor(IDBKeyRange.upperBound(Date.now() - MAX_AGE_MS));
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return;
      cursor.delete();
      cursor.continue();
    };
  } catch (e) {
    warn('old entries could not be deleted', e);
  }
}

/** Whether a stored value is an entry of ours for `key`. */
function valid(value: unknown, key?: string): value is Snapshot {
  const v = value as Snapshot | null;
  return typeof v === 'object' && v !== null && typeof v.key === 'string' && (key === undefined || v.key === key)
    && typeof v.savedAt === 'number' && Number.isFinite(v.savedAt) && 'data' in v && v.data !== undefined;
}

async function read<T>(what: string, run: (store: IDBObjectStore) => Promise<T>): Promise<T | undefined> {
  try {
    const opened = await open();
    return opened ? await run(opened.transaction(STORE, 'readonly').objectStore(STORE)) : undefined;
  } catch (e) {
    warn(`${what} could not be read`, e);
    return undefined;
  }
}

function corrupt(key: IDBValidKey): undefined {
  warn('an unreadable entry was ignored and deleted', new Error(String(key)));
  void remove(String(key));
  return undefined;
}

/** The entry of `key`, or undefined (none, unreadable, or IndexedDB unavailable). */
export function getSnapshot(key: string): Promise<Snapshot | undefined> {
  return read('an offline copy', async (store) => {
    const value: unknown = await done(store.get(key));
    return value === undefined ? undefined : valid(value, key) ? value : corrupt(key);
  });
}

/** The first valid entry whose key starts with `prefix` (is anything stored for a client?), or undefined. */
export function firstSnapshot(prefix: string): Promise<Snapshot | undefined> {
  return read('the offline copies', (store) => new Promise<Snapshot | undefined>((resolve, reject) => {
    const req = store.openCursor(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve(undefined);
      if (valid(cursor.value, String(cursor.key))) return resolve(cursor.value);
      corrupt(cursor.key);
      cursor.continue();
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB cursor failed'));
  }));
}

const pending = new Set<Promise<void>>();

/** Writes entries in one transaction, in the background; a failure (quota, a value that cannot be cloned) is a warning. */
export function putSnapshots(entries: readonly Snapshot[]): Promise<void> {
  const p = write('saving the offline copy failed', (store) => {
    for (const e of entries) store.put(e);
  });
  pending.add(p);
  void p.then(() => pending.delete(p));
  return p;
}

function remove(key: string): Promise<void> {
  return write('deleting an entry failed', (store) => store.delete(key));
}

async function write(what: string, run: (store: IDBObjectStore) => void): Promise<void> {
  try {
    const opened = await open();
    if (!opened) return;
    const tx = opened.transaction(STORE, 'readwrite');
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('transaction aborted'));
      try {
        run(tx.objectStore(STORE));
      } catch (e) {
        tx.abort();
        reject(e as Error);
      }
    });
  } catch (e) {
    warn(what, e);
  }
}

/** Resolves when the writes started so far are done (tests; a page never needs to wait). */
export async function snapshotsWritten(): Promise<void> {
  while (pending.size) await Promise.all(pending);
}

/** Closes the database: the next call opens it again (tests, and after `indexedDB.deleteDatabase`). */
export async function closeSnapshots(): Promise<void> {
  const opening = db;
  db = undefined;
  (await opening)?.close();
}
