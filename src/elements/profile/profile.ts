import { html, nothing, render, type PropertyValues } from 'lit';
import { CrmElement, fire } from '../base.js';
import { VERSION } from '../../version.js';
import { profileContext, provide, type ProfileContext } from '../../context/index.js';
import type { CrmAdapter } from '../../adapters/adapter.js';
import { adapterForSource, referenceOf, type SourceAdapter } from '../../adapters/sources.js';
import { checkedAdapter } from '../../adapters/checked.js';
import { deferredAdapter } from '../../adapters/deferred.js';
import { evaluateMetrics } from '../../core/evaluate.js';
import type { Client, ClientType } from '../../core/model.js';
import { DEFAULT_PERIOD, formatPeriod, parsePeriod, periodWait, resolvePeriod, type Period } from '../../core/period-base.js';
import { safeString } from '../../core/text.js';
import { lazyPart } from '../../core/lazy-part.js';
import { COMPARE_MODES, isCompareMode, type CompareMode } from '../../core/compare-modes.js';
import { formatNumber, msg, normalizeLocale, directionOf, type MessageKey } from '../../i18n/index.js';
import { ioPart, LayoutStore } from '../../controllers/layout-store.js';
import { Task, TaskStatus } from '../../controllers/task.js';
import type { UrlSync } from '../../controllers/url-sync.js';
import { defaultLayout, loadedLayoutRules, sameValue } from '../../widgets/layout-lazy.js';
import { LOAD_BANDS, loadBand, loadPosition } from '../../widgets/load-scale.js';
import { SYSTEM_WIDGET, type Layout } from '../../widgets/types.js';
import type { CrmWidget, WidgetSettingsChangeDetail } from '../widget/widget.js';
import type { PeriodChangeDetail } from '../period-picker/period-picker.js';
import { styles } from './profile.styles.js';
import { contextKey, contextOf } from '../options.js';
import type { Freshness, FreshnessHost } from './freshness.js';
import type { ProfileEditor, ProfileInternals } from './editor.js';
import { cacheTtlMs, clock } from './clock.js';
import { CachedAdapter } from '../../adapters/cache.js';
import '../widget/define.js';
import '../period-picker/define.js';

/** Detail of `crm-compare-change`. */
export interface CompareChangeDetail {
  readonly compare: CompareMode | null;
}

export interface LayoutChangeDetail {
  readonly layout: Layout;
  /** What changed it. */
  readonly reason: 'add' | 'remove' | 'move' | 'settings' | 'undo' | 'storage';
}

interface HeaderData {
  readonly client: Client;
  readonly load: number | null;
  readonly target: number | null;
  readonly pipelines: readonly { key: string; name: string; value: number | null }[];
}

/** The stamp, offline copy and refresh timer (./freshness.ts): a chunk loaded as the profile gets its adapter. */
const freshnessPart = lazyPart(() => import('./freshness.js'));

/**
 * How the profile's lazy parts are loaded: the edit mode (`editable`), the deep links (`sync-url`) and the reading of `load-target`.
 * @internal Replaced by the tests to simulate a chunk that fails to load.
 */
export const profileChunks = {
  editor: () => import('./editor.js'),
  urlSync: () => import('../../controllers/url-sync.js'),
  /** The reading of `load-target` (./load-target.ts): by a profile with one only, as its header loads. */
  loadTarget: () => import('./load-target.js'),
};

/** At most so many answers served before ./freshness.ts came are remembered for its stamp (the oldest come first). */
const MAX_SERVED_EARLY = 500;

/** An e-mail or web address that may wrap after its "@" and its dots in a narrow card ("info@tekhnostil.|example"), not anywhere. */
const breakable = (address: string) => address.split(/(?<=[@.])/).map((part, i) => (i ? html`<wbr>${part}` : part));

/** The widgets a card shows: the system widget and the first two others. */
function cardItems(items: Layout['items']): Layout['items'] {
  return [...items.filter((i) => i.type === SYSTEM_WIDGET), ...items.filter((i) => i.type !== SYSTEM_WIDGET).slice(0, 2)];
}

/**
 * The customer-profile tab: client header with the communication-load bar, a toolbar (period,
 * add widget, edit layout, refresh) and the widget grid. Provides the adapter, client, period,
 * locale and currency to its `<crm-widget>`s through `profileContext` (the Context Protocol).
 *
 * @summary The whole "Profile" tab of one contact or company.
 *
 * @fires {CustomEvent<LayoutChangeDetail>} crm-layout-change - The layout changed (the detail carries the whole new layout).
 * @fires {CustomEvent<PeriodChangeDetail>} crm-period-change - The page period changed (from the toolbar picker).
 * @fires {CustomEvent<CompareChangeDetail>} crm-compare-change - The comparison was changed in the toolbar (`compare: null` when turned off).
 * @fires {CustomEvent<{ client: Client }>} crm-load - The client header is loaded.
 * @fires {CustomEvent<{ error: Error }>} crm-error - The client could not be loaded.
 *
 * @csspart header - The client header.
 * @csspart toolbar - The toolbar.
 * @csspart grid - The widget grid.
 * @csspart load-bar - The communication-load bar.
 *
 * @cssproperty [--crm-profile-columns=auto-fill] - Grid column count (or auto-fill).
 * @cssproperty [--crm-profile-min-column=19rem] - Minimum column width of the grid.
 * @cssproperty [--crm-profile-background=transparent] - Background of the profile (dark and auto themes: the theme's surface colour).
 * @cssproperty [--crm-sys-color-surface] - System tokens shared by the suite, each with a light and a dark default: `--crm-sys-color-*` (surface, surface-variant, on-surface, on-surface-variant, outline, primary, on-primary, focus, error, success), `--crm-sys-radius-small`, `--crm-sys-radius-medium`, `--crm-sys-font-family`, `--crm-sys-elevation-1` (the cards' shadow).
 */
export class CrmProfile extends CrmElement {
  static version = VERSION;
  static override styles = styles;
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    entityType: { attribute: 'entity-type', reflect: true },
    entityId: { attribute: 'entity-id', reflect: true },
    period: { reflect: true, converter: { toAttribute: safeString } },
    locale: {},
    currency: {},
    timeZone: { attribute: 'time-zone' },
    theme: { reflect: true },
    editable: { type: Boolean, reflect: true },
    storageKey: { attribute: 'storage-key' },
    source: {},
    compare: { reflect: true },
    syncUrl: { attribute: 'sync-url' },
    loadTarget: { attribute: 'load-target', type: Number },
    refreshInterval: { attribute: 'refresh-interval' },
    cacheTtl: { attribute: 'cache-ttl' },
    offlineSnapshot: { attribute: 'offline-snapshot', type: Boolean },
    adapter: { attribute: false },
    // The attribute's text, read by the layout rules' chunk (`layoutFromAttribute`); blank: no layout given.
    layout: { converter: { fromAttribute: (value: string | null) => (value?.trim() || undefined) as unknown as Layout } },
    variant: { reflect: true },
    // Internal state (no attribute).
    context: { state: true },
    editing: { state: true },
    showPipelines: { state: true },
    sourceError: { state: true },
  };

  /** `contact` or `company`. */
  entityType: ClientType = 'contact';
  /** The client id (Bitrix24 ids are numeric strings). */
  entityId = '';
  /** The page period in the core string form (e.g. `last-30-days`, `month:2026-03`). */
  period = formatPeriod(DEFAULT_PERIOD);
  /** Language (en, fr; Bitrix24 LANG codes accepted). Default: the closest `lang`, else `en`. */
  locale = '';
  /** Display currency (default: the source's base currency). */
  currency = '';
  /** IANA time zone periods resolve in (default: the browser's). */
  timeZone = '';
  /** `light`, `dark` or `auto`. */
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** Allows adding, removing, moving and configuring widgets (the edit mode's code, a chunk of its own, loads when it is set). */
  editable = false;
  /** Key the layout persists under (localStorage, or the adapter's layout storage). */
  storageKey = '';
  /**
   * Declarative data source when no adapter property is set: `demo` (the embedded demo data; `demo:<seed>`
   * another dataset), `bitrix24:<incoming webhook URL>` or `rest:<base URL of the REST contract>`.
   */
  source = '';
  /**
   * Compare every number with `previous` (the month, quarter or year before a whole one, else the same number of days just before) or
   * `last-year` (the same dates a year earlier); absent → no comparison. The toolbar changes it
   * (event `crm-compare-change`); a widget's own `compare` setting wins.
   */
  compare?: string;
  /**
   * Deep links: keep the period, the comparison and the open drill-down or explanation in the URL
   * fragment (`#crm-period=…&crm-widget=w3&crm-open=won-value`), restore them from it, and let back /
   * forward walk through them. The value names the parameters (default `crm`) when a page has
   * several profiles. Set it before the profile is connected.
   */
  syncUrl: string | null = null;
  /** Manual communication-load target (activities per deal); default: the peers' average when the source has it. */
  loadTarget?: number;
  /**
   * Seconds between automatic refreshes (what the Refresh button does), paused while the tab is
   * hidden and done at once on return when one is due. Absent: off. Below 30 or not a number: 30, with a warning.
   */
  refreshInterval?: string;
  /** Seconds the source's answers are reused, e.g. going back to a period already seen (default 300; 0: off). Refresh drops them. */
  cacheTtl?: string;
  /**
   * Keeps the last data read of each client in this browser (IndexedDB of the page's origin) and,
   * when the source cannot be reached, shows it read-only under an "Offline" banner with Retry. Off by default.
   */
  offlineSnapshot?: boolean;
  /** Any object implementing `CrmAdapter` (wins over `source`). */
  adapter?: CrmAdapter;
  /**
   * The widget layout (items with stable ids). Setting it replaces the stored one. As an attribute:
   * the layout as JSON (`{"version":1,"items":[{"id":"w2","type":"load-by-channel","settings":{"period":"last-90-days"}}]}`)
   * or just widget types, comma-separated (`layout="load-by-channel, deal-conversion"`); the system
   * widget is always first. Anything unreadable gives the default layout and one console warning.
   */
  layout: Layout = defaultLayout();
  /**
   * `full` (default): the whole tab. `card`: a compact card for sidebars and listings (from 280 px
   * wide): the client card, the system widget and the first two other widgets of the layout, one column.
   */
  variant: 'full' | 'card' = 'full';

  #provider = provide(this, profileContext);

  /** What the widgets inside get through `profileContext`: adapter, client, period, locale, … */
  protected get context(): ProfileContext | undefined {
    return this.#provider.value;
  }

  protected set context(value: ProfileContext | undefined) {
    this.#provider.setValue(value);
  }

  private editing = false;
  private showPipelines = false;
  private sourceError?: string;
  /** Edit mode (./editor.ts): a chunk loaded by an editable profile only (it asks for an update as it comes). */
  private editor?: ProfileEditor;
  #editorFailed = false;

  #store?: LayoutStore;
  /** The layout the profile itself set last (default, stored or edited): any other value came from the host. */
  #own?: Layout;
  #unsubscribe?: () => void;
  #revision = 0;
  /** The "as of" stamp, the cache, the offline copy and refresh-interval, once loaded. */
  #fresh?: Freshness;
  /** The adapter of the context: the raw one and the key it was wrapped for. */
  #wrapped?: [raw: CrmAdapter, key: string, adapter: CrmAdapter];
  #period: Period = DEFAULT_PERIOD;

  constructor() {
    super();
    this.#own = this.layout;
  }

  get #adapter(): CrmAdapter | undefined {
    this.sourceError = undefined; // (the error of a source given before goes with it)
    // A host's adapter answers are validated (malformed data: a clear error, never NaN or a crash).
    if (this.adapter) return checkedAdapter(this.adapter);
    if (!this.source) return undefined;
    try {
      return adapterForSource(this.source);
    } catch (e) {
      this.sourceError = (e as Error).message;
      return undefined;
    }
  }

  private get _locale(): string {
    return normalizeLocale(this.locale || this.parentElement?.closest('[lang]')?.getAttribute('lang'));
  }

  #header = new Task(this, {
    args: () => {
      const c = this.context;
      return [c?.adapter, c?.client.type, c?.client.id, c?.period, c?.revision, this.loadTarget] as const;
    },
    task: async ([adapter, type, id, period, , manual], { signal }): Promise<HeaderData | undefined> => {
      if (!adapter || !type || !id || !period || !this.context) return undefined;
      const ctx = this.context;
      const [client, reference] = await Promise.all([
        adapter.getClient({ type, id }, signal),
        ctx.reference ?? referenceOf(adapter, signal),
      ]);
      this.#setContext(reference && !this.context?.reference ? { reference, clientData: client } : { clientData: client });
      const now = adapter.now ?? Date.now();
      const resolved = resolvePeriod(period, now, ctx.timeZone, ctx.locale);
      const values = await evaluateMetrics(adapter, {
        client: { type, id }, period: resolved, now, locale: ctx.locale,
      }, ['communication-load'], { signal });
      let target = manual === undefined || manual === null ? null
        : (await this.whileLoading(profileChunks.loadTarget())).manualTarget(manual, this.getAttribute('load-target'), (m) => this.warnOnce(m));
      if (target === null && adapter.peerAverages) target = (await adapter.peerAverages(type, resolved, signal)).communicationLoad;
      const names = new Map((reference?.pipelines ?? []).map((p) => [p.id, p.name]));
      const load = values['communication-load'];
      return {
        client, load: load.value as number | null, target,
        pipelines: (load.groups ?? []).filter((g) => g.key !== '').map((g) => ({ key: g.key, name: names.get(g.key) ?? g.key, value: g.value })),
      };
    },
    // Only the latest run reports (a run superseded by a newer period stays silent).
    onComplete: (h) => {
      if (h) fire(this, 'crm-load', { client: h.client });
    },
    onError: (error) => {
      // Not for a run cancelled because the profile left the document.
      if (this.isConnected) fire(this, 'crm-error', { error });
    },
    // A profile that leaves the document (not one moved in it) cancels the header's loading; it reruns on return.
    detach: true,
  });

  #setContext(patch: Partial<ProfileContext>) {
    if (this.context) this.context = { ...this.context, ...patch };
  }

  #urlSync?: UrlSync;
  /**
   * What the profile waits for, by name, showing a skeleton meanwhile (`#waitFor`): `url`, the deep
   * links' chunk (../../controllers/url-sync.ts, with `sync-url` only), and `period`, the code of a
   * period other than the default one (../../core/period-forms.ts): for these it asks for no data
   * meanwhile, so that the URL's state and the period apply before the first load and no change made
   * on the page goes unrecorded; `layout`, the layout rules' chunk (../../widgets/layout.ts) for a
   * layout that needs them (the host's, or one stored on this device), so that no widget of another
   * layout shows (and reads data) first.
   */
  #waits = new Map<'url' | 'period' | 'layout', Promise<unknown>>();

  /**
   * Shows a skeleton until `work` settles (`updateComplete` waits for it), then re-renders and calls
   * `done`, or logs `failure` with the cause (`work` is returned, e.g. to do more on failure). A newer
   * wait of the same name holds the skeleton.
   */
  #waitFor<T>(name: 'url' | 'period' | 'layout', work: Promise<T>, done?: (value: T) => void, failure?: string): Promise<T> {
    this.#waits.set(name, work);
    const settled = () => {
      if (this.#waits.get(name) === work) this.#waits.delete(name);
      this.requestUpdate();
    };
    void this.whileLoading(work.then((value) => {
      settled();
      done?.(value);
    }, (e: unknown) => {
      settled();
      console.error(`crm-profile-widgets: ${failure}`, e);
    }));
    return work;
  }
  #layoutLoad?: Promise<void>;

  /** Resolves once the stored layout is loaded (at once when there is none to load). */
  get layoutComplete(): Promise<void> {
    return this.#layoutLoad ?? Promise.resolve();
  }

  /** The widgets of the grid (deep links open their drill-downs). */
  widgets(): CrmWidget[] {
    return [...this.renderRoot.querySelectorAll<CrmWidget>('crm-widget')];
  }

  override connectedCallback(): void {
    // Deep links (sync-url): the controller applies the URL's state as it connects.
    if (this.syncUrl !== null && !this.#urlSync && !this.#waits.has('url')) {
      // updateComplete waits for it: it resolves on the link's state.
      this.#waitFor('url', profileChunks.urlSync(), ({ UrlSync }) => {
        this.#urlSync = new UrlSync(this, (m) => this.warnOnce(m)); // connected: it applies the URL's state now
      }, 'the deep links (sync-url) could not be loaded; the profile shows without them.');
    }
    super.connectedCallback();
    this.#connectStore();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Sets a layout of the profile's own (not the host's). */
  #setLayout(layout: Layout) {
    this.#own = layout;
    this.layout = layout;
  }

  /** The key and adapter of `#store`. */
  #storeOf?: [key: string, adapter: CrmAdapter | undefined];
  /**
   * Bumped by each load of the stored layout, each edit and each layout the host sets: a stored
   * layout still loading applies only while it stays the same.
   */
  #loadGen = 0;

  #connectStore() {
    this.#unsubscribe?.();
    const key = this.storageKey || `${this.entityType}`;
    const adapter = this.#adapter;
    // The same key and adapter keep their store (and what it holds in memory when saving failed).
    if (this.#storeOf?.[0] !== key || this.#storeOf[1] !== adapter) {
      this.#storeOf = [key, adapter];
      this.#store = new LayoutStore({
        key, adapter,
        onWarning: (w) => this.warnOnce(w.message),
      });
      const gen = ++this.#loadGen;
      const local = !loadedLayoutRules() && this.#store.hasLocalLayout();
      this.#layoutLoad = this.#store.load().then(({ layout, warnings }) => {
        for (const w of warnings) this.warnOnce(w);
        // A layout the host set meanwhile, a newer load or a user's edit since (each bumps #loadGen) wins.
        // (The same layout as the one shown re-renders nothing.)
        if (gen === this.#loadGen && !(this.#own && sameValue(layout, this.#own))) this.#setLayout(layout);
      }, () => undefined);
      // A layout stored on this device shows first, not the default one (its rules' chunk loads meanwhile).
      if (local) this.#waitFor('layout', this.#layoutLoad);
    }
    this.#unsubscribe = this.#store!.subscribe(({ layout, warnings }) => {
      for (const w of warnings) this.warnOnce(w);
      this.editor?.forgetUndo();
      this.#setLayout(layout);
      this.#fireLayout('storage');
    });
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('period')) {
      // A period other than the default one waits for its code (../../core/period-forms.ts, a chunk),
      // the profile meanwhile a skeleton reading nothing, as for the deep links.
      const wait = periodWait(this.period);
      if (wait) {
        this.#waitFor('period', wait, () => this.requestUpdate('period'),
          `the period ${JSON.stringify(this.period)} could not be read (its code did not load); showing the last valid period.`);
      } else {
        try {
          this.#period = parsePeriod(this.period);
        } catch (e) {
          this.warnOnce(`${(e as Error).message} Showing the last valid period.`);
        }
      }
    }
    // An empty layout attribute: no layout given (the stored or default one stays).
    if (changed.has('layout') && (this.layout as Layout | undefined) === undefined) this.layout = this.#own ?? defaultLayout();
    if (changed.has('layout') && this.layout !== this.#own) {
      // Set by the host: repaired, and it replaces the stored one.
      this.#loadGen++;
      // Repaired by the layout rules' chunk (with the store's reading and writing: ../../controllers/layout-store-io.ts).
      const io = ioPart.loaded;
      if (io) {
        const [own, shown] = io.hostLayout(this.layout, (m) => this.warnOnce(m));
        this.#own = own;
        this.layout = shown;
        void this.#store?.save(own);
      } else {
        const given = this.layout;
        this.#waitFor('layout', ioPart.load(), () => {
          // Repaired at the next update, unless the host changed it meanwhile (that update repairs it).
          if (this.layout === given) this.requestUpdate('layout');
        }, 'the layout could not be checked (its code did not load); the profile keeps its own layout.').catch(() => {
          if (this.layout === given) this.layout = this.#own ?? defaultLayout();
        });
      }
    }
    if ((['storageKey', 'source', 'adapter', 'entityType'] as const).some((k) => changed.has(k)) && this.isConnected) this.#connectStore();
    if (this.editable) this.#loadEditor();
    const raw = this.#waits.has('url') || this.#waits.has('period') ? undefined : this.#adapter;
    if (!raw) {
      this.context = undefined;
      return;
    }
    const adapter = this.#wrap(raw);
    // Offline: read-only.
    const offline = this.#fresh?.offline;
    if (offline) this.editing = false;
    const next: ProfileContext = {
      ...contextOf(this, adapter, this.#period, this._locale, this.#revision, (m) => this.warnOnce(m)),
      // The gear menus (Settings, Move, Remove) come with the toolbar's edit tools, once their chunk is here.
      editable: this.editable && !offline && this.editor !== undefined,
    };
    const prev = this.context;
    const sameAdapter = prev?.adapter === adapter;
    if (!(sameAdapter && contextKey(prev) === contextKey(next) && prev.editable === next.editable && prev.compare === next.compare)) {
      // What the profile added as it loaded stays while it holds: the reference data (the same adapter), the client record (the same client).
      this.context = {
        ...next, reference: sameAdapter ? prev.reference : undefined,
        clientData: prev?.client.id === next.client.id && prev.client.type === next.client.type ? prev.clientData : undefined,
      };
    }
  }

  #onCompare(e: Event) {
    const select = e.target as HTMLSelectElement;
    const mode = isCompareMode(select.value) ? select.value : undefined;
    this.compare = mode;
    fire<CompareChangeDetail>(this, 'crm-compare-change', { compare: mode ?? null });
    // A listener may have set `compare` back: the select shows what is in force (the options'
    // `.selected` bindings only write what changed since the last render).
    select.value = isCompareMode(this.compare) ? this.compare : '';
  }

  /**
   * `raw` behind the cache, the same object while `raw`, `cache-ttl` and `offline-snapshot` stay.
   * The cache is in the main bundle, so the first numbers wait for no chunk: ./freshness.ts (the
   * stamp, the refresh timer) loads meanwhile and hears of the answers served before it came. With
   * `offline-snapshot` the calls wait for it: it puts the offline copy behind the cache.
   */
  #wrap(raw: CrmAdapter): CrmAdapter {
    const key = `${this.cacheTtl}|${this.offlineSnapshot}`;
    const w = this.#wrapped;
    if (w?.[0] === raw && w[1] === key) return w[2];
    const adapter = this.offlineSnapshot
      ? deferredAdapter(raw, async () => {
        // A source's own code (source="…") loads meanwhile, not after.
        if (!this.adapter) void (raw as SourceAdapter).load().catch(() => 0);
        return (await this.#freshness()).offlineAdapter(raw, key);
      })
      : new CachedAdapter(raw, {
        ttlMs: cacheTtlMs(this.cacheTtl, (m) => this.warnOnce(m)), now: () => clock.now(),
        onServe: (at, k) => {
          if (this.#fresh) this.#fresh.served(at, true, k);
          else if (this.#servedEarly.length < MAX_SERVED_EARLY) this.#servedEarly.push([at, k]);
        },
      });
    if (!this.offlineSnapshot) {
      this.#fresh?.reset();
      this.#freshness().catch(() => undefined); // without it: no stamp, no timer (the numbers show)
    }
    this.#wrapped = [raw, key, adapter];
    return adapter;
  }

  /** Answers served before ./freshness.ts came: it hears of them when it comes. */
  #servedEarly: [number, string][] = [];

  async #freshness(): Promise<Freshness> {
    const m = await freshnessPart.load();
    if (!this.#fresh) {
      this.#fresh = new m.Freshness(this as unknown as FreshnessHost);
      for (const [at, k] of this.#servedEarly.splice(0)) this.#fresh.served(at, true, k);
    }
    return this.#fresh;
  }

  // ---- layout changes -----------------------------------------------------------------------------

  private _commit(layout: Layout, reason: LayoutChangeDetail['reason']) {
    this.#loadGen++; // a load still in flight must not overwrite this edit
    // Undo restores the layout before a removal: any other change makes that snapshot stale.
    if (reason !== 'remove') this.editor?.forgetUndo();
    this.#setLayout(layout);
    void this.#store?.save(layout);
    this.#fireLayout(reason);
  }

  #fireLayout(reason: LayoutChangeDetail['reason']) {
    fire<LayoutChangeDetail>(this, 'crm-layout-change', { layout: this.layout, reason });
  }

  #onSettings = (e: CustomEvent<WidgetSettingsChangeDetail>) => {
    const { id, settings } = e.detail;
    // The settings dialog has loaded the rules (they come at once); only a page's own event may come before them.
    void this.whileLoading(ioPart.load()).then(({ updateSettings }) => this._commit(updateSettings(this.layout, id, settings), 'settings'),
      (error: unknown) => console.error('crm-profile-widgets: the new settings could not be checked (their code did not load): not applied.', error));
  };

  #loadEditor() {
    void this.loadPart('editor', profileChunks.editor, (m) => (this.editor = new m.ProfileEditor(this as unknown as ProfileInternals)), (e) => {
      // Tried again on the next update (said once, not at every try).
      if (!this.#editorFailed) console.error('crm-profile-widgets: the edit mode could not be loaded; the profile stays read-only.', e);
      this.#editorFailed = true;
    });
  }

  private _refresh() {
    // The cache and the source's own; an offline profile asks the source again.
    if (this.#fresh) this.#fresh.retry();
    else {
      // Through the profile's wrapper the call is asynchronous: a failure to load its chunk is not the page's problem.
      void Promise.resolve(this.context?.adapter.invalidate?.()).catch(() => undefined);
      // The freshness chunk did not load (or not yet): asked for again.
      if (this.context) this.#freshness().catch(() => undefined);
    }
    this._reload();
  }

  /** Every view reads its data again (from the cache while fresh). */
  private _reload() {
    this.#revision++;
    this.requestUpdate();
  }

  #onPeriod = (e: CustomEvent<PeriodChangeDetail>) => {
    this.period = e.detail.value;
  };

  // ---- rendering --------------------------------------------------------------------------------

  #renderClient(locale: string) {
    const { status, value } = this.#header;
    if (status === TaskStatus.ERROR) {
      return html`<div class="client error" role="alert"><p>${msg(locale, 'state.error')}: ${(this.#header.error as Error).message}</p>
        <button class="retry" @click=${() => this._refresh()}>${msg(locale, 'action.retry')}</button></div>`;
    }
    // Pending with a value: the previous client's card until the new one comes; done without one: no client to show.
    return value ? this.#clientCard(value, locale) : status === TaskStatus.COMPLETE ? nothing : this.#skeleton(locale);
  }

  #skeleton(locale: string) {
    return html`<div class="client skeleton" aria-busy="true"><span class="visually-hidden">${msg(locale, 'state.loading')}</span></div>`;
  }

  #clientCard(h: HeaderData, locale: string) {
    const c = h.client;
    // The first letter or digit of the first two words that have one ("АО «Техностиль»" → "АТ", not "А«").
    const initials = c.name.split(/\s+/).map((w) => /[\p{L}\p{N}]/u.exec(w)?.[0]).filter(Boolean).slice(0, 2).join('').toUpperCase();
    const photo = c.photoUrl && /^https?:\/\//i.test(c.photoUrl) ? c.photoUrl : undefined;
    const site = c.website && (/^https?:\/\//i.test(c.website) ? c.website : `https://${c.website}`);
    return html`<div class="client">
      ${photo ? html`<img class="avatar" src=${photo} alt="">` : html`<span class="avatar" aria-hidden="true">${initials}</span>`}
      <div class="who">
        <h2>${c.name}</h2>
        ${c.type === 'contact' && (c.position || c.company)
          ? html`<p class="sub">${c.position && c.company?.name ? msg(locale, 'header.position', { position: c.position, company: c.company.name }) : c.position || c.company?.name}</p>` : nothing}
        ${c.type === 'company' && (c.industry || site)
          ? html`<p class="sub">${c.industry ?? ''}${c.industry && site ? ' · ' : ''}${site ? html`<a href=${site} target="_blank" rel="noopener noreferrer">${breakable(c.website!)}</a>` : nothing}</p>` : nothing}
        <p class="contacts">
          ${c.emails.map((m) => html`<a href=${`mailto:${m}`}>${breakable(m)}</a>`)}
          ${c.phones.map((p) => html`<a href=${`tel:${p.replace(/[^\d+]/g, '')}`}>${p}</a>`)}
        </p>
        ${c.responsible ? html`<p class="sub">${msg(locale, 'header.responsible', { name: c.responsible.name })}</p>` : nothing}
      </div>
      ${this.#loadBar(h, locale)}
    </div>`;
  }

  #loadBar({ load, target, pipelines }: HeaderData, locale: string) {
    const band = loadBand(load, target);
    const bandLabel = band ? msg(locale, `load.band.${band}` as MessageKey) : '—';
    const num = (v: number | null) => (v === null ? '—' : formatNumber(v, locale, 2));
    const value = num(load);
    return html`<section class="load" part="load-bar" aria-labelledby="load-title">
      <h3 id="load-title">${msg(locale, 'load.title')}</h3>
      <p class="load-value"><strong>${value}</strong> <span>${load === null ? '' : msg(locale, 'load.perDeal', { value: '' }).trim()}</span>
        ${band ? html`<span class="band band-${band}">${bandLabel}</span>` : nothing}</p>
      <div class="scale" role="meter" aria-label=${msg(locale, 'load.title')} aria-valuemin="0"
        aria-valuemax=${target ? String(+(target * 2.5).toFixed(2)) : '0'} aria-valuenow=${load === null ? '0' : String(+load.toFixed(2))}
        aria-valuetext=${`${value} · ${bandLabel}`}>
        ${LOAD_BANDS.map((b) => html`<span class="seg seg-${b}"></span>`)}
        ${load !== null && target ? html`<span class="marker"></span>` : nothing}
      </div>
      ${load === null ? html`<p class="target">${msg(locale, 'empty.deals')}</p>` : nothing}
      ${target ? html`<p class="target">${msg(locale, 'load.target', { value: num(target) })}</p>` : nothing}
      ${pipelines.length > 1 ? html`
        <button class="link" aria-expanded=${this.showPipelines ? 'true' : 'false'} @click=${() => (this.showPipelines = !this.showPipelines)}>
          ${msg(locale, this.showPipelines ? 'action.hidePipelines' : 'action.showPipelines')}</button>
        ${this.showPipelines ? html`<ul class="pipelines">${pipelines.map((p) => html`<li><span>${p.name}</span>
          <span>${num(p.value)}</span></li>`)}</ul>` : nothing}` : nothing}
    </section>`;
  }

  /** The edit mode in force: an editable profile's, once its chunk is here; none for a card or offline. */
  get #activeEditor(): ProfileEditor | undefined {
    return this.editable && this.variant !== 'card' && !this.#fresh?.offline ? this.editor : undefined;
  }

  /**
   * The grid's cells by widget id, kept from render to render: a widget keeps its element (its
   * numbers, an open drill-down or dialog, the focus) while others are added, removed or moved.
   * What lit's `repeat` directive does, in a few lines: the directive costs the main bundle 0.6 KB gzip more.
   */
  #cells = new Map<string, HTMLElement>();

  /** Renders the cells of the layout's widgets into the grid, moving only those out of place. */
  #fillGrid(grid: Element | null, locale: string) {
    const items = !grid ? [] : this.variant === 'card' ? cardItems(this.layout.items) : this.layout.items;
    const editor = this.#activeEditor;
    const cells = items.map((item) => {
      let cell = this.#cells.get(item.id);
      if (!cell) this.#cells.set(item.id, (cell = document.createElement('div')));
      cell.className = item.type === SYSTEM_WIDGET ? 'cell system' : 'cell';
      cell.dataset.id = item.id;
      render(html`${editor?.handle(item, locale)}<crm-widget widget-id=${item.id} type=${item.type} .settings=${item.settings}
        theme=${this.theme} ?editing=${this.editing}></crm-widget>`, cell, { host: this });
      return cell;
    });
    for (const [id, cell] of this.#cells) {
      if (!cells.includes(cell)) {
        cell.remove();
        this.#cells.delete(id);
      }
    }
    let next: Node | null = null;
    for (const cell of cells.reverse()) {
      if (cell.parentNode !== grid || cell.nextSibling !== next) grid!.insertBefore(cell, next);
      next = cell;
    }
  }

  protected override updated(): void {
    // (No grid while a skeleton or an error shows: its widgets go, as the template they were in.)
    this.#fillGrid(this.renderRoot.querySelector('.grid'), this._locale);
    // (A marker shows for a header with a load and a target only, the one just rendered.)
    const h = this.#header.value!;
    this.renderRoot.querySelector<HTMLElement>('.marker')?.style.setProperty('--_pos', `${(loadPosition(h.load!, h.target!) * 100).toFixed(2)}%`);
    this.dir = directionOf(this._locale) === 'rtl' ? 'rtl' : this.dir === 'rtl' ? '' : this.dir;
  }

  override render() {
    const locale = this._locale;
    if (this.#waits.size) return this.#skeleton(locale);
    if (!this.context || !this.entityId) {
      return html`<div class="error" role="alert">${!this.context ? this.sourceError ?? 'Set the adapter property or a source attribute (e.g. source="demo").' : 'Set entity-type and entity-id.'}</div>`;
    }
    const editor = this.#activeEditor;
    return html`
      ${this.#fresh?.banner(locale, this.context.timeZone)}
      <div part="header" class="header">${this.#renderClient(locale)}</div>
      <div part="toolbar" class="toolbar" role="toolbar" aria-label=${msg(locale, 'period.label')}>
        <crm-period-picker value=${formatPeriod(this.#period)} locale=${locale} time-zone=${this.context.timeZone}
          theme=${this.theme} .now=${this.context.now ?? this.context.adapter.now} @crm-period-change=${this.#onPeriod}></crm-period-picker>
        <label class="compare"><span>${msg(locale, 'settings.compare')}</span>
          <select class="tool" @change=${this.#onCompare}>
            ${(['off', ...COMPARE_MODES] as const).map((c) => html`<option value=${c === 'off' ? '' : c}
              .selected=${(isCompareMode(this.compare) ? this.compare : 'off') === c}>${msg(locale, `settings.compare.${c}`)}</option>`)}
          </select></label>
        <span class="spacer"></span>
        ${this.#fresh?.stamp(locale, this.context.timeZone)}
        <button class="tool refresh" @click=${() => this._refresh()}>↻ ${msg(locale, 'action.refresh')}</button>
        ${editor?.tools(locale)}
      </div>
      ${editor?.undoBar(locale)}
      <div part="grid" class="grid ${this.editing ? 'editing' : ''}" @crm-widget-settings-change=${this.#onSettings}></div>
      ${editor?.help(locale)}`;
  }
}
