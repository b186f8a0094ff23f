import { expect } from '@open-wc/testing';
import { LayoutStore, STORAGE_PREFIX, type LayoutStoreWarning } from '../../src/controllers/layout-store.js';
import { addWidget, defaultLayout, moveWidget, updateSettings } from '../../src/widgets/layout.js';
import type { Layout } from '../../src/widgets/types.js';
import { layoutRules } from '../../src/widgets/layout-lazy.js';

/** An in-memory Storage; `failWith` makes setItem (and optionally getItem) throw. */
class FakeStorage implements Storage {
  readonly map = new Map<string, string>();
  failWith: (() => Error) | undefined;
  failReads = false;
  get length(): number { return this.map.size; }
  clear(): void { this.map.clear(); }
  getItem(key: string): string | null {
    if (this.failReads && this.failWith) throw this.failWith();
    return this.map.get(key) ?? null;
  }
  key(i: number): string | null { return [...this.map.keys()][i] ?? null; }
  removeItem(key: string): void { this.map.delete(key); }
  setItem(key: string, value: string): void {
    if (this.failWith) throw this.failWith();
    this.map.set(key, String(value));
  }
}

// A key per test: what a page could not persist is kept per page and key, across stores.
let KEY = 'contact';
let SKEY = `${STORAGE_PREFIX}${KEY}`;
let tests = 0;
beforeEach(() => {
  KEY = `contact-${++tests}`;
  SKEY = `${STORAGE_PREFIX}${KEY}`;
});
const edited = (): Layout => updateSettings(moveWidget(addWidget(defaultLayout(), 'sales-amount', { color: 'red' }), 'w10', 1), 'w3', { title: 'Mine' });

function setup(options: { storage?: FakeStorage | null; adapter?: ConstructorParameters<typeof LayoutStore>[0]['adapter'] } = {}) {
  const storage = options.storage === undefined ? new FakeStorage() : options.storage;
  const warnings: LayoutStoreWarning[] = [];
  // `storage` is null only in the test that never touches it.
  const store = new LayoutStore({ key: KEY, storage, adapter: options.adapter, onWarning: (w) => warnings.push(w) });
  return { store, storage: storage as FakeStorage, warnings };
}

describe('LayoutStore', () => {
  it('loads the default layout when nothing is stored, without warnings', async () => {
    const { store } = setup();
    expect(await store.load()).to.deep.equal({ layout: defaultLayout(), warnings: [] });
  });

  it('round trip: save writes { version, items, savedAt } under its key, load reads it back', async () => {
    const { store, storage, warnings } = setup();
    const layout = edited();
    const before = Date.now();
    await store.save(layout);
    const raw = JSON.parse(storage.map.get(SKEY)!) as Record<string, unknown>;
    expect(Object.keys(raw)).to.deep.equal(['version', 'items', 'savedAt']);
    expect(raw.version).to.equal(1);
    expect(raw.items).to.deep.equal(layout.items);
    expect(Date.parse(raw.savedAt as string)).to.be.within(before - 1, Date.now() + 1);
    expect(store.storageKey).to.equal(`crm-profile-widgets:layout:${KEY}`);
    expect(new LayoutStore({ key: 'contact' }).storageKey).to.equal('crm-profile-widgets:layout:contact');

    const other = new LayoutStore({ key: KEY, storage });
    expect(await other.load()).to.deep.equal({ layout, warnings: [] });
    expect(warnings).to.deep.equal([]);
  });

  it('keeps keys apart', async () => {
    const { store, storage } = setup();
    await store.save(edited());
    const company = new LayoutStore({ key: 'company', storage });
    expect((await company.load()).layout).to.deep.equal(defaultLayout());
  });

  it('corrupt JSON → the default layout and a warning, no exception', async () => {
    const { store, storage } = setup();
    storage.map.set(SKEY, '{"version":1,"items":[');
    const r = await store.load();
    expect(r.layout).to.deep.equal(defaultLayout());
    expect(r.warnings).to.have.length(1);
    expect(r.warnings[0]).to.contain('not valid JSON');
  });

  it('migrates a v0 layout (a list of type names)', async () => {
    const { store, storage } = setup();
    storage.map.set(SKEY, JSON.stringify(['load-by-channel', 'system', 'deal-conversion']));
    const r = await store.load();
    expect(r.layout).to.deep.equal({ version: 1, items: [
      { id: 'w1', type: 'system', settings: {} },
      { id: 'w2', type: 'load-by-channel', settings: {} },
      { id: 'w3', type: 'deal-conversion', settings: {} },
    ] });
    expect(r.warnings.some((w) => w.includes('version 0'))).to.equal(true);
  });

  it('quota exceeded: save resolves, warns "quota", and the layout stays loadable from memory', async () => {
    const { store, storage, warnings } = setup();
    await store.save(defaultLayout());
    storage.failWith = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const layout = edited();
    await store.save(layout);
    expect(warnings.map((w) => w.code)).to.deep.equal(['quota']);
    expect(warnings[0]!.error).to.be.instanceOf(DOMException);
    expect(store.unsaved).to.equal(true);
    const r = await store.load();
    expect(r.layout).to.deep.equal(layout);
    expect(r.warnings[0]).to.contain('could not be saved');
    expect(JSON.parse(storage.map.get(SKEY)!).items).to.deep.equal(defaultLayout().items);

    storage.failWith = undefined;
    await store.save(layout);
    expect(store.unsaved).to.equal(false);
    expect(JSON.parse(storage.map.get(SKEY)!).items).to.deep.equal(layout.items);
  });

  it('storage that throws SecurityError on reads and writes: default layout, warnings, no exception', async () => {
    const storage = new FakeStorage();
    storage.failWith = () => new DOMException('Access is denied', 'SecurityError');
    storage.failReads = true;
    const { store, warnings } = setup({ storage });
    const r = await store.load();
    expect(r.layout).to.deep.equal(defaultLayout());
    expect(r.warnings).to.have.length(1);
    await store.save(edited());
    expect(warnings.map((w) => w.code)).to.deep.equal(['unavailable', 'unavailable']);
    expect((await store.load()).layout).to.deep.equal(edited());
  });

  it('no storage at all: memory only', async () => {
    const { store, warnings } = setup({ storage: null });
    expect((await store.load()).layout).to.deep.equal(defaultLayout());
    await store.save(edited());
    expect(warnings.map((w) => w.code)).to.deep.equal(['unavailable']);
    expect((await store.load()).layout).to.deep.equal(edited());
  });

  it('defaults to localStorage', async () => {
    const key = `test-${Math.random()}`;
    const store = new LayoutStore({ key });
    try {
      await store.save(edited());
      expect(JSON.parse(localStorage.getItem(`${STORAGE_PREFIX}${key}`)!).items).to.deep.equal(edited().items);
    } finally {
      localStorage.removeItem(`${STORAGE_PREFIX}${key}`);
    }
  });

  it('saves a normalized layout even when given a broken one', async () => {
    const { store, storage } = setup();
    await store.save({ version: 1, items: [{ id: 'a', type: 'sales-amount', settings: { color: 'pink' } }] } as unknown as Layout);
    expect(JSON.parse(storage.map.get(SKEY)!).items).to.deep.equal([
      { id: 'w1', type: 'system', settings: {} }, { id: 'a', type: 'sales-amount', settings: {} },
    ]);
  });

  describe('with an adapter', () => {
    it('saves through the adapter (not storage) and loads from it', async () => {
      const saved = new Map<string, unknown>();
      const adapter = {
        loadLayout: async (key: string) => (saved.has(key) ? structuredClone(saved.get(key)) : null),
        saveLayout: async (key: string, layout: unknown) => { saved.set(key, structuredClone(layout)); },
      };
      const { store, storage } = setup({ adapter });
      await store.save(edited());
      expect(storage.map.size).to.equal(0);
      const stored = await adapter.loadLayout(KEY) as Record<string, unknown>;
      expect(stored.items).to.deep.equal(edited().items);
      expect(stored).to.have.property('savedAt');
      const fresh = new LayoutStore({ key: KEY, storage: new FakeStorage(), adapter });
      expect(await fresh.load()).to.deep.equal({ layout: edited(), warnings: [] });
    });

    it('falls back to storage when the adapter has no layout (null)', async () => {
      const { store, storage } = setup({ adapter: { loadLayout: async () => null } });
      storage.map.set(SKEY, JSON.stringify(edited()));
      expect((await store.load()).layout).to.deep.equal(edited());
      await store.save(defaultLayout()); // no saveLayout: storage
      expect(JSON.parse(storage.map.get(SKEY)!).items).to.deep.equal(defaultLayout().items);
    });

    it('normalizes what the adapter returns, JSON text included', async () => {
      const { store } = setup({ adapter: { loadLayout: async () => JSON.stringify(['system', 'sales-amount']) } });
      const r = await store.load();
      expect(r.layout.items.map((it) => it.type)).to.deep.equal(['system', 'sales-amount']);
    });

    it('a failing loadLayout → warning and the storage copy; a failing saveLayout → warning and memory', async () => {
      const { store, storage, warnings } = setup({
        adapter: {
          loadLayout: async () => { throw new Error('offline'); },
          saveLayout: async () => { throw new Error('offline'); },
        },
      });
      storage.map.set(SKEY, JSON.stringify(edited()));
      const r = await store.load();
      expect(r.layout).to.deep.equal(edited());
      expect(r.warnings[0]).to.contain('offline');
      await store.save(defaultLayout());
      expect(warnings.map((w) => w.code)).to.deep.equal(['adapter', 'adapter']);
      expect((await store.load()).layout).to.deep.equal(defaultLayout());
    });

    it('passes the abort signal and rethrows the abort', async () => {
      let seen: AbortSignal | undefined;
      const { store } = setup({
        adapter: {
          loadLayout: (_key, signal) => {
            seen = signal;
            return Promise.reject(new DOMException('aborted', 'AbortError'));
          },
        },
      });
      const ctrl = new AbortController();
      ctrl.abort();
      let error: unknown;
      try { await store.load(ctrl.signal); } catch (e) { error = e; }
      expect(seen).to.equal(ctrl.signal);
      expect((error as DOMException).name).to.equal('AbortError');
    });
  });

  describe('subscribe (changes from another tab)', () => {
    // Read at once once the layout rules (a lazy chunk) are loaded; test/widgets/layout-lazy.test.ts
    // covers the time before.
    before(() => layoutRules());

    it('delivers a normalized layout for our key, ignores other keys, stops after unsubscribe', () => {
      const { store } = setup();
      const got: unknown[] = [];
      const off = store.subscribe((r) => got.push(r));
      window.dispatchEvent(new StorageEvent('storage', { key: 'something-else', newValue: '[]' }));
      window.dispatchEvent(new StorageEvent('storage', {
        key: SKEY,
        newValue: JSON.stringify({ version: 1, items: [{ id: 'b', type: 'sales-amount', settings: { color: 'green', x: 1 } }, { id: 'a', type: 'system' }] }),
      }));
      expect(got).to.have.length(1);
      const r = got[0] as { layout: Layout; warnings: string[] };
      expect(r.layout).to.deep.equal({ version: 1, items: [
        { id: 'a', type: 'system', settings: {} }, { id: 'b', type: 'sales-amount', settings: { color: 'green' } },
      ] });
      expect(r.warnings.length).to.be.greaterThan(0);

      // A removed key (or cleared storage) resets to the default layout.
      window.dispatchEvent(new StorageEvent('storage', { key: SKEY, newValue: null }));
      expect((got[1] as { layout: Layout }).layout).to.deep.equal(defaultLayout());

      off();
      window.dispatchEvent(new StorageEvent('storage', { key: SKEY, newValue: '["system"]' }));
      expect(got).to.have.length(2);
    });

    it('what another tab wrote that is no layout (corrupt JSON, a number, null) is not passed on: a warning, this page keeps its layout', () => {
      const { store, warnings } = setup();
      const got: unknown[] = [];
      const off = store.subscribe((r) => got.push(r));
      for (const bad of ['{"version":1,"items":[{"id":"w1","type":"sys', '42', 'null', '"system"']) {
        window.dispatchEvent(new StorageEvent('storage', { key: SKEY, newValue: bad }));
      }
      off();
      expect(got).to.deep.equal([]);
      expect(warnings.map((w) => w.code)).to.deep.equal(['unreadable', 'unreadable', 'unreadable', 'unreadable']);
      expect(warnings[0]!.message).to.match(/^another tab stored a layout that is not valid JSON \(SyntaxError: .*\): this page keeps its layout and saves it again at the next change$/);
      expect(warnings.slice(1).map((w) => /not a layout \((\w+)\)/.exec(w.message)?.[1])).to.deep.equal(['number', 'null', 'string']);
    });
  });

  describe('one page, one layout per key', () => {
    it('a save reaches the other stores of the page with the key (not the saver, not other keys)', async () => {
      const storage = new FakeStorage();
      const a = new LayoutStore({ key: KEY, storage });
      const b = new LayoutStore({ key: KEY, storage });
      const other = new LayoutStore({ key: `${KEY}-other`, storage });
      const got: Record<string, Layout[]> = { a: [], b: [], other: [] };
      const offs = [a.subscribe((r) => got['a']!.push(r.layout)), b.subscribe((r) => got['b']!.push(r.layout)), other.subscribe((r) => got['other']!.push(r.layout))];
      await a.save(edited());
      expect(got).to.deep.equal({ a: [], b: [edited()], other: [] });
      offs.forEach((off) => off());
      await a.save(defaultLayout());
      expect(got['b']).to.have.length(1);
    });

    it('a layout that could not be saved is served to a new store of the page with the key, until a save succeeds', async () => {
      const storage = new FakeStorage();
      storage.failWith = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      await new LayoutStore({ key: KEY, storage }).save(edited());
      const again = new LayoutStore({ key: KEY, storage });
      expect(again.unsaved).to.equal(true);
      expect((await again.load()).layout).to.deep.equal(edited());
      storage.failWith = undefined;
      await again.save(defaultLayout());
      expect(again.unsaved).to.equal(false);
      expect((await new LayoutStore({ key: KEY, storage }).load()).layout).to.deep.equal(defaultLayout());
    });

    it('ignores events of another storage area', () => {
      const { store } = setup();
      const got: unknown[] = [];
      const off = store.subscribe((r) => got.push(r));
      window.dispatchEvent(new StorageEvent('storage', { key: SKEY, newValue: '["system"]', storageArea: sessionStorage }));
      off();
      expect(got).to.deep.equal([]);
    });
  });
});
