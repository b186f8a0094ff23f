import { html, nothing, svg, type PropertyValues } from 'lit';
import { CrmElement, fire } from '../base.js';
import { VERSION } from '../../version.js';
import { consume, profileContext, type ProfileContext } from '../../context/index.js';
import type { CrmAdapter } from '../../adapters/adapter.js';
import { referenceOf } from '../../adapters/sources.js';
import { evaluateMetrics } from '../../core/evaluate.js';
import type { MetricContext } from '../../core/metrics.js';
import type { ClientType, ReferenceData } from '../../core/model.js';
import { DEFAULT_PERIOD, formatPeriod, parsePeriod, resolvePeriod, type Period } from '../../core/period-base.js';
import type { CompareMode } from '../../core/compare-modes.js';
import { lazyPart } from '../../core/lazy-part.js';
import { formatNumber, loadMessages, msg, periodLabel } from '../../i18n/index.js';
import { WIDGET_BASICS, widgetTitle } from '../../widgets/catalog-core.js';
import { WIDGET_TYPES, type ChartType, type WidgetSettings, type WidgetType } from '../../widgets/types.js';
import { widgetView, type Figure, type WidgetView } from '../../widgets/views.js';
import type { Peers } from '../../widgets/peers.js';
import { emptySettings, layoutRules, loadedLayoutRules, sameValue } from '../../widgets/layout-lazy.js';
import { loadedNumberRules, numberRules } from '../../widgets/number-lazy.js';
import { ChartController } from '../../controllers/chart-controller.js';
import { Task, TaskStatus } from '../../controllers/task.js';
import { styles } from './widget.styles.js';
import { contextKey } from '../options.js';
import type { Run, WidgetInteractions, WidgetInternals } from './interactions.js';
import { reasonOf } from '../../core/text.js';

const lockIcon = html`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">${svg`<path fill="currentColor" d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1 1 0 0 1 13 8v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm1.5 0h4V5a2 2 0 0 0-4 0z"/>`}</svg>`;

const infoIcon = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${svg`<circle cx="8" cy="8" r="6.75" fill="none" stroke="currentColor" stroke-width="1.5"/><path fill="currentColor" d="M7.25 7h1.5v4.5h-1.5zM8 4.25a.95.95 0 1 1 0 1.9.95.95 0 0 1 0-1.9z"/>`}</svg>`;

/**
 * How the widget's lazy parts are loaded.
 * @internal Replaced by the tests to hold a chunk back or make it fail.
 */
export const widgetChunks = {
  interactions: () => import('./interactions.js'),
  comparison: () => import('./comparison.js'),
  peers: () => import('./peers.js'),
  gear: () => import('./gear.js'),
  standalone: () => import('./standalone.js'),
};

/** A widget alone (outside a profile): its context read from its attributes (./standalone.ts). */
const standalone = lazyPart(() => widgetChunks.standalone());

/**
 * The context of a widget alone: while the code of its period loads, `wait()` (a run of its data task)
 * waits for it, then the context is built again with the period read (standalone.ts).
 */
export type StandaloneContext = ProfileContext & { readonly wait?: () => Promise<never> };

/** The context of a widget alone while the code that reads it loads. */
const SETTING_UP = { error: '' };

/** The comparison with another period (./comparison.ts): loaded by a widget that compares. */
const comparison = lazyPart(() => widgetChunks.comparison());

/**
 * The gear button (./gear.ts): loaded by the first widget that shows it or may (a widget alone that
 * is configurable, any in an `editable` profile, whose added widgets then show it at once).
 */
const gear = lazyPart(() => widgetChunks.gear());

/** "Client vs peers" (./peers.ts): loaded by a widget whose source has averages, beside its numbers. */
const peersPart = lazyPart(() => widgetChunks.peers());

/** The error of a lazy chunk that did not load: `what (why).`. */
const chunkError = (what: string, cause: unknown): Error => new Error(`${what} (${reasonOf(cause)}).`, { cause });

/** A lazy part the numbers need; one that does not load gives the error `message (why).`. */
export const need = <T>(load: () => Promise<T>, message: string): Promise<T> => load().catch((e: unknown) => {
  throw chunkError(message, e);
});

/** A lazy chunk that did not load: a `crm-error` event and a console warning (the next use tries again). */
export function reportLoadFailure(el: HTMLElement & { readonly widgetId: string }, what: string, cause: unknown): void {
  const error = chunkError(what, cause);
  fire(el, 'crm-error', { id: el.widgetId, error });
  console.warn(`<${el.localName}>: ${error.message}`);
}

/**
 * The `settings` attribute: JSON. Text that is not JSON stays text, which the repair refuses with a
 * warning that quotes it (`settings must be an object, got "…": replaced by {}`).
 */
export const settingsConverter = {
  fromAttribute: (v: string | null): unknown => {
    if (!v) return {};
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  },
  toAttribute: (v: unknown) => JSON.stringify(v),
};

/** What a gear-menu action asks the surrounding profile to do. */
export type WidgetAction = 'remove' | 'move-up' | 'move-down';

export interface WidgetActionDetail {
  readonly id: string;
  readonly action: WidgetAction;
}

/** Detail of `crm-widget-open`: what the widget shows open now (`null`: nothing). */
export interface WidgetOpenDetail {
  readonly id: string;
  readonly open: { readonly figure: string; readonly previous?: boolean } | { readonly explanation: true } | null;
}

export interface WidgetSettingsChangeDetail {
  readonly id: string;
  readonly settings: WidgetSettings;
}

/**
 * One widget of the customer profile: a title, the period it follows, its numbers (each a button
 * that opens the records behind it) and its chart. Inside `<crm-profile>` it takes the adapter,
 * client, period and locale from context; alone it reads its own attributes.
 *
 * @summary A customer-profile statistic: numbers, chart, drill-down and settings.
 *
 * @fires {CustomEvent<WidgetActionDetail>} crm-widget-action - Remove or move requested from the gear menu (handled by `<crm-profile>`).
 * @fires {CustomEvent<WidgetSettingsChangeDetail>} crm-widget-settings-change - Settings saved in the settings dialog.
 * @fires {CustomEvent<WidgetOpenDetail>} crm-widget-open - A drill-down or the explanation opened or closed (`open: null`).
 * @fires {CustomEvent<{ id: string; type: WidgetType }>} crm-load - The widget's numbers are painted.
 * @fires {CustomEvent<{ id: string; error: Error }>} crm-error - Loading failed (the widget shows the message and a Retry button).
 *
 * @csspart widget - The card.
 * @csspart header - Title row.
 * @csspart title - The title.
 * @csspart badge - The period badge.
 * @csspart info-button - The "How is this computed?" button.
 * @csspart menu-button - The gear button.
 * @csspart figure - A clickable number.
 * @csspart chart - The chart area.
 *
 * @cssproperty [--crm-widget-background=var(--crm-sys-color-surface)] - Card background.
 * @cssproperty [--crm-widget-accent] - Accent colour of the headline number (set by the colour setting).
 * @cssproperty [--crm-chart-series-1] - First chart colour (up to --crm-chart-series-9), set on the widget or on any ancestor.
 */
export class CrmWidget extends CrmElement {
  static version = VERSION;
  static override styles = styles;
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    type: { reflect: true },
    widgetId: { attribute: 'widget-id', reflect: true },
    settings: { converter: settingsConverter },
    entityType: { attribute: 'entity-type' },
    entityId: { attribute: 'entity-id' },
    period: {},
    locale: {},
    timeZone: { attribute: 'time-zone' },
    currency: {},
    source: {},
    adapter: { attribute: false },
    compare: {},
    theme: { reflect: true },
    editing: { type: Boolean, reflect: true },
    // Internal state (no attribute).
    profile: { state: true },
    menuOpen: { state: true },
    explainOpen: { state: true },
  };

  /** Widget type: one of the catalog's (`system`, `load-by-channel`, …). */
  type: WidgetType = 'system';

  /** Stable id of the widget in its layout. */
  widgetId = '';

  /** Settings (JSON in the attribute). Invalid settings are repaired with a console warning. */
  settings: WidgetSettings = {};

  /** Standalone: `contact` or `company`. */
  entityType: ClientType = 'contact';
  /** Standalone: the client id. */
  entityId = '';
  /** Standalone: the page period in the core string form (default `last-30-days`). */
  period = formatPeriod(DEFAULT_PERIOD);
  /** Standalone: language (default: the closest `lang`, else `en`). */
  locale = '';
  /** Standalone: IANA time zone (default the browser's). */
  timeZone = '';
  /** Standalone: display currency (default the source's base currency). */
  currency = '';
  /** Standalone: declarative data source, as `<crm-profile>`'s: `demo`, `bitrix24:<webhook URL>` or `rest:<base URL>`. */
  source = '';
  /** Standalone: any object implementing `CrmAdapter` (wins over `source`). */
  adapter?: CrmAdapter;
  /**
   * Standalone: compare the numbers with `previous` (the previous month, quarter or year, else as many days just before) or
   * `last-year` (the same dates a year earlier); absent → no comparison. The `compare` setting wins.
   */
  compare = '';
  /** Colour theme: `light`, `dark` or `auto`. */
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** Set by `<crm-profile>` while its layout is being edited (styling hook). */
  editing = false;

  /** The surrounding `<crm-profile>`'s context, if any (a standalone widget has none). */
  protected profile?: ProfileContext;

  constructor() {
    super();
    consume(this, profileContext, (profile) => (this.profile = profile));
  }

  private menuOpen = false;
  /** "How is this computed?" is open (its code, a lazy chunk, loaded). */
  private explainOpen = false;

  #chart = new ChartController(this);
  /** The reference data the numbers were computed with (a standalone widget reads it itself). */
  private _reference?: ReferenceData;

  #warn = (message: string) => this.warnOnce(message);

  /**
   * The context this widget works in: the profile's, or one built from its own attributes (the
   * same object while nothing changes, so the data task does not rerun; `{ error: '' }` while
   * the code that reads them loads).
   */
  get context(): StandaloneContext | { error: string } {
    return this.profile ?? standalone.loaded?.standaloneContext(this, this.#warn) ?? SETTING_UP;
  }

  /** What the numbers are compared with: the widget's own setting, else the profile's (or the attribute). */
  #compareMode(ctx: ProfileContext): CompareMode | undefined {
    const own = this._settings.compare;
    return own === 'off' ? undefined : own ?? ctx.compare;
  }

  /** The metric context of the comparison period, or undefined when not compared (or no such period). */
  private _comparisonContext(ctx: ProfileContext, current: MetricContext): { mode: CompareMode; mctx: MetricContext } | undefined {
    // (Its code is loaded by the data task before it asks.)
    return comparison.loaded?.comparisonContext(this.#compareMode(ctx), current);
  }

  /** The settings after repair (what the widget actually uses). */
  get effectiveSettings(): WidgetSettings {
    return this._settings;
  }

  private _settings: WidgetSettings = {};
  /** The settings given wait for the rules that repair them (`_settings` are the previous ones). */
  #unrepaired = false;

  /** Which period this widget follows: its fixed one, or the page's. */
  private _period(ctx: ProfileContext): Period {
    if (this._settings.period) {
      try {
        return parsePeriod(this._settings.period);
      } catch {
        /* repaired by normalizeSettings already */
      }
    }
    return ctx.period;
  }

  private _metricContext(ctx: ProfileContext): MetricContext {
    // (The source's `now` may be known only once its reference data is read, e.g. REST's `GET /reference`.)
    const now = ctx.now ?? ctx.adapter.now ?? Date.now();
    const currency = ctx.currency ?? ctx.reference?.baseCurrency;
    const s = this._settings;
    // Settings narrow like the core's Restriction, except `completed`: unchecked means "all", not "not completed".
    const restrict: Record<string, unknown> = {};
    for (const k of ['pipelines', 'dealStages', 'invoiceStages', 'channels', 'directions', 'completed'] as const) if (s[k]) restrict[k] = s[k];
    return {
      client: ctx.client, period: resolvePeriod(this._period(ctx), now, ctx.timeZone, ctx.locale), now, locale: ctx.locale,
      ...(currency ? { currency } : {}),
      ...(ctx.reference?.rates ? { rates: ctx.reference.rates } : {}),
      ...(s.grouping && s.grouping !== 'auto' ? { bucketUnit: s.grouping } : {}),
      restrict,
    };
  }

  /** The peers' averages of a view, once they arrived. */
  #peersOf = new WeakMap<WidgetView, Peers>();

  /** What each view was computed from (its explanation says it). */
  private readonly _runs = new WeakMap<WidgetView, Run>();

  private readonly _task = new Task(this, {
    // Only what changes the numbers: a context replaced to add the client record or reference
    // data does not rerun the evaluation.
    args: () => {
      const c = this.context;
      const key = 'error' in c ? c.error
        : [contextKey(c), c.now, this.#compareMode(c)].join('|');
      return ['error' in c ? undefined : c.adapter, key, this._settings, this.#unrepaired, this.type] as const;
    },
    task: async (_args, { signal }): Promise<WidgetView> => {
      const ctx = this.context;
      const settings = this._settings;
      const type = this.type;
      if (ctx === SETTING_UP) {
        // A widget alone: the code that reads its attributes (once per page); once here, the widget
        // updates and the task reruns with its context (this run never settles).
        await need(() => this.whileLoading(standalone.load().then(() => this.requestUpdate())), 'This widget could not be set up: its code did not load');
        return new Promise<never>(() => undefined);
      }
      if ('error' in ctx) throw new Error(ctx.error);
      // Lazy parts the numbers need (a chunk that does not load: the error, and Retry tries again).
      if (type === 'number') await need(numberRules, 'The custom number\'s code did not load');
      // A widget alone given a period other than the default one: its code (../../core/period-forms.ts)
      // first; then its context (standalone.ts) is built again with the period read, and the task
      // reruns with it (this run never settles).
      if (ctx.wait) return ctx.wait();
      if (this.#unrepaired) {
        // The settings wait for the rules' chunk; once it is here they are repaired and the task
        // reruns with them (this run never settles).
        await need(layoutRules, 'The widget\'s settings could not be checked: their code did not load');
        this.requestUpdate('settings');
        return new Promise<never>(() => undefined);
      }
      const words = loadMessages(ctx.locale); // beside the reads (a table that fails to load: English)
      const compares = this.#compareMode(ctx) !== undefined;
      // Its code (once per page) and its rules, the changes' arrows and colours (once per widget: loadPart).
      if (compares) {
        await need(() => this.loadPart('comparison', comparison.load, (m) => m, (e) => {
          throw e;
        }), 'The comparison with another period could not be shown: its code did not load');
      }
      const reference = ctx.reference ?? (await referenceOf(ctx.adapter, signal));
      this._reference = reference;
      const full: ProfileContext = reference ? { ...ctx, reference } : ctx;
      const metrics = WIDGET_BASICS[type].metrics(settings);
      const mctx = this._metricContext(full);
      const compared = this._comparisonContext(full, mctx);
      // Both periods at once; the comparison converts money to the same display currency.
      // "Client vs peers" (the system and communication-load widgets), when the source has averages:
      // they follow when they come (their code, a chunk, loads meanwhile); the widget's own numbers
      // never wait for them, and failing ones (or their code) only leave them out, with a warning.
      const warn = this.#warn;
      const peers = (type === 'system' || type === 'communication-load') && ctx.adapter.peerAverages
        ? this.whileLoading(peersPart.load()).then((m) => m.readPeers(ctx, mctx, signal, warn), (e: Error) => warn(`Could not read the averages of other clients: ${e.message}`))
        : undefined;
      const [values, previous] = await Promise.all([
        evaluateMetrics(ctx.adapter, mctx, metrics, { signal }),
        compared && evaluateMetrics(ctx.adapter, compared.mctx, metrics, { signal }),
      ]);
      // The view holds words (titles, the comparison's period name): in the language's table, once here.
      await words;
      const all = mctx.period.period;
      let view = widgetView(type, settings, values, ctx.locale, reference, { openStart: all.kind === 'preset' && all.preset === 'all-time' });
      // (A comparison context comes from the comparison's chunk.)
      if (compared && previous) view = comparison.loaded!.compareView(view, values, compared, previous, ctx.locale);
      void peers?.then((p) => {
        if (!p || signal.aborted) return;
        this.#peersOf.set(view, p(values));
        this.requestUpdate();
      });
      this._runs.set(view, { metrics, values, mctx, compared: compared?.mctx, fetchedAt: Date.now(), source: ctx.adapter.label });
      return view;
    },
    // A widget that leaves the document cancels its loading, and reloads when it is put back (a
    // reorder, disconnected and connected again at once, keeps it).
    detach: true,
  });

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('type') && !(WIDGET_TYPES as readonly string[]).includes(this.type)) {
      this.warnOnce(`Unknown widget type "${this.type}"; showing the system widget.`);
      this.type = 'system';
    }
    // The gear shows on a configurable widget alone, or in an `editable` profile: its code comes
    // then (once per page), its rules join the widget's styles (once per widget: loadPart); a chunk
    // that does not load is said, and the next update tries again.
    if (this.profile ? this.profile.editable : this.type !== 'system') {
      void this.loadPart('gear', gear.load, () => this.requestUpdate(), this.#loadFailed);
    }
    // The custom number's rules (a lazy chunk) word its title too: loaded with its type.
    if (changed.has('type') && this.type === 'number' && !loadedNumberRules()) {
      void this.whileLoading(numberRules().then(() => this.requestUpdate(), () => undefined));
    }
    if (changed.has('settings') || changed.has('type')) {
      // Empty settings need no repair; any others wait for the rules' chunk (loaded already when a
      // profile passes them), the task meanwhile pending (a skeleton), without reading anything.
      const rules = loadedLayoutRules();
      this.#unrepaired = !rules && !emptySettings(this.settings);
      if (this.#unrepaired) {
        // (The task says it when the chunk fails to load.)
        void this.whileLoading(layoutRules().then(() => this.requestUpdate('settings'), () => undefined));
        return;
      }
      const { settings, warnings } = rules ? rules.sanitizeSettings(this.type, this.settings) : { settings: {}, warnings: [] };
      for (const w of warnings) this.warnOnce(w);
      // Equal settings in a new object (a host re-rendering, a stored layout read back) keep the
      // numbers: the task reruns only when a setting changed.
      if (!sameValue(settings, this._settings)) this._settings = settings;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#interactions?.closeMenu(false);
  }

  private get _locale(): string {
    const ctx = this.context;
    return 'error' in ctx ? 'en' : ctx.locale;
  }

  /** The chart the settings (or the type's default) ask for, if any (not a table). */
  get #chartType(): ChartType | undefined {
    const type = this._settings.chart ?? WIDGET_BASICS[this.type].defaultChart;
    return type === 'table' ? undefined : type;
  }

  #reported: unknown;
  #drawn?: { view: WidgetView; type: string; canvas: HTMLCanvasElement | null };

  protected override updated(): void {
    const view = this._task.value;
    // crm-load / crm-error once per settled task run.
    const settled = this._task.status === TaskStatus.COMPLETE ? view : this._task.status === TaskStatus.ERROR ? this._task.error : undefined;
    // (Not for a run cancelled because the widget left the document: it reruns if it comes back.)
    if (settled !== undefined && settled !== this.#reported && this.isConnected) {
      this.#reported = settled;
      const done = this._task.status === TaskStatus.COMPLETE;
      fire(this, done ? 'crm-load' : 'crm-error', done ? { id: this.widgetId, type: this.type } : { id: this.widgetId, error: settled as Error });
    }
    const chartType = this.#chartType;
    const canvas = this.renderRoot.querySelector('canvas');
    if (this._task.status === TaskStatus.COMPLETE && view?.chart && chartType) {
      // Redraw only when the data, the chart type or the canvas changed (not on every menu toggle).
      if (this.#drawn?.view !== view || this.#drawn.type !== chartType || this.#drawn.canvas !== canvas) {
        this.#drawn = { view, type: chartType, canvas };
        void this.#chart.render(canvas, view.chart, chartType);
      }
    } else if (this._task.status !== TaskStatus.PENDING) {
      this.#drawn = undefined;
      this.#chart.destroy();
    }
    const color = this._settings.color;
    if (color) this.style.setProperty('--_accent-custom', `var(--_color-${color})`);
    else this.style.removeProperty('--_accent-custom');
  }

  // ---- interactions (./interactions.ts, a chunk loaded on first use) ------------------------------

  #interactions?: WidgetInteractions;

  /**
   * The gear menu, the drill-down and the explanation, once their chunk is here (loaded on the first
   * use; `updateComplete` waits for it). A chunk that does not load: a `crm-error` event and a console
   * warning, `undefined`; the next use tries again.
   */
  #interact(): Promise<WidgetInteractions | undefined> {
    return this.loadPart('interactions', widgetChunks.interactions, (m) => (this.#interactions = new m.WidgetInteractions(this as unknown as WidgetInternals)), this.#loadFailed);
  }

  #loadFailed = (cause: unknown) => reportLoadFailure(this, `Could not respond to "${widgetTitle(this.type, this._settings, this._locale)}": its code did not load`, cause);

  /** The gear's click (toggles the menu) and arrow keys (open it on its `focus` item). */
  #menu = (focus?: 'first' | 'last') => void this.#interact().then((i) => i?.toggleMenu(focus));

  #openDetails(f: Figure, opener: HTMLElement, previous = false) {
    void this.#interact().then((i) => i?.openDetails(f, opener, previous));
  }

  /** What the widget shows open now: a number's records, its explanation, or `null` (only its interactions open them). */
  get openState(): WidgetOpenDetail['open'] {
    return this.#interactions?.open ?? null;
  }

  /**
   * Opens the records behind the number `figure` (a figure id, e.g. `won-value`), of the comparison
   * period with `previous`, once the numbers are loaded. Resolves `false` when the widget shows no
   * such number (or it has no records, or no comparison for `previous`, or its code did not load).
   */
  async openFigure(figure: string, options: { readonly previous?: boolean } = {}): Promise<boolean> {
    return (await (await this.#interact())?.openFigure(figure, options.previous === true)) ?? false;
  }

  /** Opens or closes "How is this computed?" (once the numbers are loaded). */
  async showExplanation(open = true): Promise<void> {
    await this.updateComplete;
    await this._task.taskComplete.catch(() => undefined);
    if (open !== this.explainOpen) await (await this.#interact())?.toggleExplain();
  }

  /** Closes the drill-down panel and the explanation, if open. */
  closeOverlays(): void {
    this.#interactions?.closeOverlays();
  }

  // ---- rendering --------------------------------------------------------------------------------

  #renderFigure(f: Figure, locale: string) {
    // The space keeps label and value apart in the button's text (its name must contain that text).
    const content = html`<span class="label">${f.label} </span><span class="value">${f.text}</span>`;
    const note = f.note ? html`<span class="note">${f.note}</span>` : nothing;
    // (Only a widget that compares has deltas, and it has the comparison's chunk, which renders them.)
    const delta = comparison.loaded?.renderDelta(f, (opener) => this.#openDetails(f, opener, true)) ?? nothing;
    if (!f.input || f.text === '—') {
      return html`<div class="figure ${f.role}" data-figure=${f.id}>${content}${delta}${note}</div>`;
    }
    return html`<div class="figure-wrap ${f.role}">
      <button part="figure" class="figure ${f.role}" data-figure=${f.id}
        aria-label=${msg(locale, 'widget.openDetails', { label: f.label, value: f.text })}
        @click=${(e: Event) => void this.#openDetails(f, e.currentTarget as HTMLElement)}>${content}</button>${delta}${note}</div>`;
  }

  #renderBody(locale: string) {
    const { status, value } = this._task;
    if (status === TaskStatus.ERROR) {
      return html`<div class="error" role="alert">
        <p>${msg(locale, 'state.error')}: ${(this._task.error as Error).message}</p>
        <button class="retry" @click=${() => this._task.rerun()}>${msg(locale, 'action.retry')}</button>
      </div>`;
    }
    // Pending with a value: the previous numbers, dimmed, until the new ones come.
    return value ? this.#renderView(value, locale, status === TaskStatus.PENDING)
      : html`<div class="skeleton" aria-busy="true"><span class="visually-hidden">${msg(locale, 'state.loading')}</span>
      <div class="bone wide"></div><div class="bone"></div><div class="bone"></div></div>`;
  }

  #renderView(computed: WidgetView, locale: string, stale: boolean) {
    const peers = this.#peersOf.get(computed);
    // (Only a view with peers has them, and the peers' chunk is here: it read them.)
    const view = peers ? peersPart.loaded!.withPeers(computed, peers, locale) : computed;
    const headline = view.figures.filter((f) => f.role !== 'row');
    const rows = view.figures.filter((f) => f.role === 'row');
    const showChart = view.chart && this.#chartType && view.chart.labels.length > 0;
    return html`<div class="view ${stale ? 'stale' : ''}" aria-busy=${stale ? 'true' : 'false'}>
      <div class="figures">${headline.map((f) => this.#renderFigure(f, locale))}</div>
      ${view.empty ? html`<p class="empty">${view.empty}</p>` : nothing}
      ${rows.length ? html`<ul class="rows">${rows.map((f) => html`<li>${this.#renderFigure(f, locale)}</li>`)}</ul>` : nothing}
      ${showChart ? html`<div class="chart" part="chart"><canvas aria-hidden="true"></canvas></div>
        ${this.#chartTable(view, locale)}` : nothing}
    </div>`;
  }

  #chartTable(view: WidgetView, locale: string) {
    const c = view.chart!;
    // Wrapped: a table is never narrower than its content, so on its own its 1 px box would still
    // overflow (a horizontal scroll at 320 px); the wrapper's 1 px box clips it.
    return html`<div class="visually-hidden"><table class="visually-hidden"><caption>${widgetTitle(this.type, this._settings, locale)}</caption>
      <thead><tr><td></td>${c.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
      <tbody>${c.labels.map((l, i) => html`<tr><th scope="row">${l}</th>${c.series.map((s) => html`<td>${s.format ? s.format(s.data[i]!) : formatNumber(s.data[i]!, locale)}</td>`)}</tr>`)}</tbody>
    </table></div>`;
  }

  override render() {
    const ctx = this.context;
    const locale = this._locale;
    const title = widgetTitle(this.type, this._settings, locale);
    const system = this.type === 'system';
    // (No badge while a widget alone waits for its period's code: the default one would be wrong.)
    const period = 'error' in ctx || ctx.wait ? undefined : this._period(ctx);
    const fixed = Boolean(this._settings.period);
    return html`<article part="widget" class="card" aria-labelledby="title">
      <header part="header">
        <div class="heading"><h3 id="title" part="title">${title}</h3>
        ${period ? html`<span part="badge" class="badge ${fixed ? 'fixed' : ''}"
          title=${fixed ? '' : msg(locale, 'period.followsPage')}>${periodLabel(period, locale)}</span>` : nothing}</div>
        ${'error' in ctx ? nothing : html`<button part="info-button" class="info-button" aria-expanded=${this.explainOpen ? 'true' : 'false'}
          aria-controls="explain" aria-label=${msg(locale, 'explain.button', { title })} title=${msg(locale, 'explain.heading')}
          ?disabled=${!this._task.value} @click=${() => void this.#interact().then((i) => i?.toggleExplain())}
          @keydown=${(e: KeyboardEvent) => this.#interactions?.onExplainKey(e)}>${infoIcon}</button>`}
        ${!system && this.profile && !this.profile.editable ? nothing : system
          ? html`<span class="lock" role="img" aria-label=${msg(locale, 'widget.system')} title=${msg(locale, 'widget.system')}>${lockIcon}</span>`
          : html`<div class="menu-anchor">${gear.loaded?.renderGear(title, locale, this.menuOpen, this.#menu)}
              ${this.#interactions?.renderMenu(title)}</div>`}
      </header>
      ${this.#interactions?.renderExplanation()}
      <div class="body">${'error' in ctx && ctx.error
        ? html`<div class="error" role="alert"><p>${ctx.error}</p></div>`
        : this.#renderBody(locale)}</div>
    </article>
    ${this.#interactions?.renderOverlays(system, locale)}`;
  }

  /** Reloads the numbers from the source (e.g. after a failure); a standalone widget drops its shared cache. */
  refresh(): void {
    // (A widget alone that has a context has the code that built it.)
    if (!this.profile) standalone.loaded?.dropCache(this);
    this._task.rerun();
  }
}
