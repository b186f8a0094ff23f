/**
 * What `<crm-widget>` does when someone uses it, a chunk of its own: loaded on the first click (or
 * arrow key) on the gear, a number or the ⓘ button, or the first call of `openFigure` /
 * `showExplanation`. A page that only shows numbers never fetches it.
 *
 * - The gear menu (WAI-ARIA APG menu button; the button itself: ./gear.ts): Settings, and inside a
 *   profile Move up / Move down / Remove (`crm-widget-action`); the settings saved in its dialog
 *   (`crm-widget-settings-change`).
 * - What is open (the widget's `openState`, `crm-widget-open`).
 * - The drill-down: the records behind a number, of the widget's period or of the comparison period,
 *   in `<crm-detail-panel>`.
 * - "How is this computed?" (./explanation.ts, a lazy chunk of its own, loaded on first open).
 */
import '../../i18n/en-overlays.js'; // the words of this chunk
import { html, nothing, type ReactiveElement } from 'lit';
import { fire } from '../base.js';
import type { ProfileContext } from '../../context/index.js';
import type { MetricValue } from '../../core/evaluate.js';
import { inputFilter } from '../../core/input-filter.js';
import type { MetricContext, MetricId } from '../../core/metrics.js';
import type { ReferenceData } from '../../core/model.js';
import { type Period } from '../../core/period.js';
import { msg, periodLabel } from '../../i18n/index.js';
import { widgetTitle } from '../../widgets/catalog-core.js';
import { loadedNumberRules } from '../../widgets/number-lazy.js';
import type { WidgetSettings, WidgetType } from '../../widgets/types.js';
import type { Figure, WidgetView } from '../../widgets/views.js';
import { onMenuKeydown } from '../menu-keys.js';
export { interactionStyles as styles } from './interactions.styles.js';
import { defineOverlay, type OverlayTag } from '../overlays.js';
import { reportLoadFailure, type WidgetAction, type WidgetActionDetail, type WidgetOpenDetail, type WidgetSettingsChangeDetail } from './widget.js';

/** What a view was computed from: its explanation says it. */
export interface Run {
  readonly metrics: readonly MetricId[];
  readonly values: Readonly<Partial<Record<MetricId, MetricValue>>>;
  readonly mctx: MetricContext;
  readonly compared: MetricContext | undefined;
  readonly fetchedAt: number;
  readonly source: string;
}

/**
 * `<crm-widget>` as the interactions see it: its public members and the state it shares with them
 * (private in the class, as `<crm-period-picker>`'s with its popup: the widget passes itself).
 */
export interface WidgetInternals extends ReactiveElement {
  readonly widgetId: string;
  readonly type: WidgetType;
  readonly theme: string;
  settings: WidgetSettings;
  /** The surrounding `<crm-profile>`'s context (whose layout can move and remove the widget); undefined alone. */
  readonly profile: ProfileContext | undefined;
  readonly context: ProfileContext | { error: string };
  readonly _locale: string;
  readonly _settings: WidgetSettings;
  /** The reference data the numbers were computed with (a standalone widget reads it itself). */
  readonly _reference: ReferenceData | undefined;
  /** The numbers shown (`value`, once computed); `taskComplete` settles with the latest run. */
  readonly _task: { readonly value: WidgetView | undefined; readonly taskComplete: Promise<unknown> };
  /** What each view was computed from. */
  readonly _runs: { get(view: WidgetView): Run | undefined };
  _period(ctx: ProfileContext): Period;
  _metricContext(ctx: ProfileContext): MetricContext;
  _comparisonContext(ctx: ProfileContext, current: MetricContext): { mctx: MetricContext } | undefined;
  menuOpen: boolean;
  explainOpen: boolean;
  warnOnce(message: string): void;
}

export class WidgetInteractions {
  readonly #host: WidgetInternals;
  #drill = 0;
  #explainer?: typeof import('./explanation.js');

  constructor(host: WidgetInternals) {
    this.#host = host;
    // Its overlays' elements join the widget's shadow root (see renderOverlays).
    host.requestUpdate();
  }

  /**
   * The drill-down panel and (a widget that is not the system one) the settings dialog, rendered
   * once this chunk is here (their code loads on their first opening: ../overlays.ts).
   */
  renderOverlays(system: boolean, locale: string) {
    const host = this.#host;
    const ctx = host.context;
    return html`<crm-detail-panel theme=${host.theme}></crm-detail-panel>
    ${system ? nothing : html`<crm-widget-settings theme=${host.theme} .type=${host.type} .settings=${host._settings}
      .reference=${'error' in ctx ? undefined : ctx.reference ?? host._reference} locale=${locale}
      @crm-widget-settings-change=${this.#onSettingsSaved}></crm-widget-settings>`}`;
  }

  /** What the widget shows open now (its `openState`): a number's records, its explanation, or `null`. */
  open: WidgetOpenDetail['open'] = null;

  /** `crm-widget-open`: what this widget shows open (deep links of `<crm-profile sync-url>` follow it). */
  #announce(open: WidgetOpenDetail['open']): void {
    this.open = open;
    fire<WidgetOpenDetail>(this.#host, 'crm-widget-open', { id: this.#host.widgetId, open });
  }

  /** Saved in the settings dialog (which only the menu opens): the widget's settings, said with its id. */
  #onSettingsSaved = (e: CustomEvent<{ settings: WidgetSettings }>): void => {
    e.stopPropagation();
    this.#host.settings = e.detail.settings;
    fire<WidgetSettingsChangeDetail>(this.#host, 'crm-widget-settings-change', { id: this.#host.widgetId, settings: e.detail.settings });
  };

  #menuButton(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('.menu-button');
  }

  // ---- gear menu (menu-button pattern) ---------------------------------------------------------

  #outside = (e: Event) => {
    if (!e.composedPath().includes(this.#host)) this.closeMenu(false);
  };

  /** The gear's click (toggles the menu), or its arrow keys (`focus`: open it on its first or last item). */
  toggleMenu(focus?: 'first' | 'last'): void {
    if (!focus && this.#host.menuOpen) this.closeMenu();
    else this.openMenu(focus);
  }

  openMenu(focus: 'first' | 'last' = 'first'): void {
    this.#host.menuOpen = true;
    // Settings is one step away: start loading its dialog now (a failure is reported on Settings).
    void defineOverlay('crm-widget-settings').catch(() => undefined);
    document.addEventListener('pointerdown', this.#outside, true);
    void this.#host.updateComplete.then(() => {
      const items = this.#menuItems();
      (focus === 'first' ? items[0] : items.at(-1))?.focus();
    });
  }

  closeMenu(restoreFocus = true): void {
    document.removeEventListener('pointerdown', this.#outside, true);
    if (!this.#host.menuOpen) return;
    this.#host.menuOpen = false;
    if (restoreFocus) this.#menuButton()?.focus();
  }

  #menuItems(): HTMLElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')];
  }

  #onMenuKey = (e: KeyboardEvent) => {
    onMenuKeydown(e, this.#menuItems(), (this.#host.renderRoot as ShadowRoot).activeElement, (restore) => this.closeMenu(restore));
  };

  /** The open menu, under the gear (nothing while closed). */
  renderMenu(title: string) {
    const locale = this.#host._locale;
    return !this.#host.menuOpen ? nothing : html`<div id="menu" class="menu" role="menu" aria-label=${title} @keydown=${this.#onMenuKey}>
      <button role="menuitem" tabindex="-1" @click=${() => this.#act('settings')}>${msg(locale, 'action.settings')}</button>
      ${this.#host.profile ? html`
        <button role="menuitem" tabindex="-1" @click=${() => this.#act('move-up')}>${msg(locale, 'action.moveUp')}</button>
        <button role="menuitem" tabindex="-1" @click=${() => this.#act('move-down')}>${msg(locale, 'action.moveDown')}</button>
        <button role="menuitem" tabindex="-1" class="danger" @click=${() => this.#act('remove')}>${msg(locale, 'action.remove')}</button>` : nothing}
    </div>`;
  }

  #act(action: 'settings' | WidgetAction) {
    // The dialog takes the focus from the menu item; while its code still loads, the gear holds it.
    this.closeMenu(action !== 'settings' || !customElements.get('crm-widget-settings'));
    if (action === 'settings') {
      void this.#openSettings();
      return;
    }
    fire<WidgetActionDetail>(this.#host, 'crm-widget-action', { id: this.#host.widgetId, action });
  }

  async #openSettings() {
    const dialog = await this.#overlay('crm-widget-settings', msg(this.#host._locale, 'action.settings'));
    if (dialog && this.#host.isConnected) await dialog.show(this.#menuButton() ?? undefined);
  }

  // ---- overlays (defined on first open: src/elements/overlays.ts) -------------------------------

  /**
   * The overlay `tag` of this widget's shadow root, once its code is loaded (the first time: a lazy
   * chunk of the CDN bundle) and it has rendered. A failed load is reported — a `crm-error` event and
   * a console warning — and gives `undefined`.
   */
  async #overlay<K extends OverlayTag>(tag: K, what: string): Promise<HTMLElementTagNameMap[K] | undefined> {
    try {
      await defineOverlay(tag);
    } catch (cause) {
      reportLoadFailure(this.#host, `Could not open "${what}": the code of <${tag}> did not load`, cause);
      return undefined;
    }
    await this.#host.updateComplete;
    const el = this.#host.renderRoot.querySelector(tag) as (HTMLElementTagNameMap[K] & ReactiveElement) | null;
    if (!el) return undefined;
    await el.updateComplete;
    return el;
  }

  // ---- drill-down -------------------------------------------------------------------------------

  /** Opens the records behind `f`: of the widget's period, or (`previous`) of the comparison period. */
  async openDetails(f: Figure, opener: HTMLElement, previous = false): Promise<void> {
    const host = this.#host;
    const current = host.context;
    if ('error' in current || !f.input) return;
    // The number was computed with the reference data's currency and rates (a standalone widget
    // reads them itself): the panel converts its total with the same ones, so that it reconciles.
    const reference = current.reference ?? host._reference;
    const ctx: ProfileContext = reference ? { ...current, reference } : current;
    let mctx = host._metricContext(ctx);
    let periodText = periodLabel(host._period(ctx), ctx.locale);
    if (previous) {
      const compared = host._comparisonContext(ctx, mctx);
      if (!compared) return;
      mctx = compared.mctx;
      periodText = periodLabel(mctx.period.period, ctx.locale);
    }
    const seq = ++this.#drill;
    // The panel's code (a lazy chunk the first time) loads while the filter is worked out.
    const ready = this.#overlay('crm-detail-panel', f.label);
    let kind, filter;
    try {
      ({ kind, filter } = await inputFilter(ctx.adapter, f.metric, f.input, mctx));
    } catch (error) {
      fire(this.#host, 'crm-error', { id: this.#host.widgetId, error });
      host.warnOnce(`Could not list the records behind "${f.label}": ${(error as Error).message}`);
      return;
    }
    const panel = await ready;
    if (!panel || seq !== this.#drill || !this.#host.isConnected) return; // a failed load, or a newer click won
    panel.adapter = ctx.adapter;
    panel.kind = kind;
    panel.filter = { ...filter, ...(f.extra ?? {}) };
    // The comparison period's records: the panel's period line names that period.
    panel.heading = f.role === 'row' ? `${widgetTitle(this.#host.type, host._settings, ctx.locale)} · ${f.label}` : f.label;
    panel.periodLabel = periodText;
    // For the CSV export's header lines (a standalone widget has no client record: the panel asks).
    panel.clientLabel = ctx.clientData?.name ?? '';
    panel.periodRange = { from: mctx.period.from, to: mctx.period.to };
    panel.reference = ctx.reference;
    panel.locale = ctx.locale;
    panel.timeZone = ctx.timeZone;
    panel.currency = host._task.value?.currency ?? mctx.currency ?? ctx.reference?.baseCurrency ?? '';
    if (mctx.rates) panel.rates = mctx.rates;
    await panel.show(opener);
    this.#announce({ figure: f.id, ...(previous ? { previous: true } : {}) });
    panel.addEventListener('close', () => {
      // Only when nothing else of this widget opened meanwhile.
      if (seq === this.#drill && !host.explainOpen) this.#announce(null);
    }, { once: true });
  }

  /** `openFigure` of the widget: see there. */
  async openFigure(figure: string, previous: boolean): Promise<boolean> {
    await this.#host.updateComplete;
    await this.#host._task.taskComplete.catch(() => undefined);
    const f = this.#host._task.value?.figures.find((x) => x.id === figure);
    if (!f?.input || f.text === '—' || (previous && !f.delta)) return false;
    await this.#host.updateComplete;
    const opener = this.#host.renderRoot.querySelector<HTMLElement>(`[data-${previous ? 'delta' : 'figure'}="${CSS.escape(figure)}"]`) ?? this.#host;
    await this.openDetails(f, opener, previous);
    return true;
  }

  /** Closes the drill-down panel and the explanation, if open. */
  closeOverlays(): void {
    const panel = this.#host.renderRoot.querySelector('crm-detail-panel');
    if (panel?.open) panel.close();
    if (this.#host.explainOpen) {
      this.#host.explainOpen = false;
      this.#announce(null);
    }
  }

  // ---- "How is this computed?" (./explanation.ts, a lazy chunk loaded on first open) ----------

  async toggleExplain(): Promise<void> {
    const host = this.#host;
    if (host.explainOpen) {
      host.explainOpen = false;
      this.#announce(null);
      return;
    }
    try {
      this.#explainer ??= await import('./explanation.js');
    } catch (cause) {
      reportLoadFailure(this.#host, `Could not explain "${widgetTitle(this.#host.type, host._settings, host._locale)}": its code did not load`, cause);
      return;
    }
    host.explainOpen = true;
    this.#announce({ explanation: true });
  }

  /** Closes the explanation and gives the focus back to its button. */
  #closeExplain = () => {
    this.#host.explainOpen = false;
    this.#announce(null);
    this.#host.renderRoot.querySelector<HTMLElement>('.info-button')?.focus();
  };

  /** Escape on the ⓘ button or inside the explanation closes it. */
  onExplainKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.#host.explainOpen) return;
    e.stopPropagation();
    this.#closeExplain();
  };

  /** A combined custom number's formula in words (its rules are loaded: the numbers are shown). */
  #combination(settings: WidgetSettings, locale: string): { combination?: string } {
    const rules = this.#host.type === 'number' ? loadedNumberRules() : undefined;
    const formula = rules?.numberFormula(settings);
    return rules && formula && formula.op !== 'none' ? { combination: rules.formulaLabel(formula, locale) } : {};
  }

  renderExplanation() {
    const host = this.#host;
    const locale = host._locale;
    const view = host._task.value;
    const run = view && host._runs.get(view);
    const ctx = host.context;
    const settings = host._settings;
    if (!host.explainOpen || !this.#explainer || !run || 'error' in ctx) return nothing;
    const reference = ctx.reference ?? host._reference;
    return this.#explainer.renderExplanation({
      metrics: run.metrics, values: run.values, settings, locale, timeZone: ctx.timeZone,
      period: run.mctx.period, periodLabel: periodLabel(run.mctx.period.period, locale), fixedPeriod: Boolean(settings.period),
      ...(reference ? { reference } : {}),
      ...(run.compared ? { comparison: { label: periodLabel(run.compared.period.period, locale), period: run.compared.period } } : {}),
      ...(this.#combination(settings, locale)),
      source: run.source, fetchedAt: run.fetchedAt, cached: this.#host.profile !== undefined,
    }, this.onExplainKey, this.#closeExplain);
  }
}
