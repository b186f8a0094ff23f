import '../../i18n/en-overlays.js';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { CrmElement, fire } from '../base.js';
import { deepActiveElement } from '../overlays.js';
import { VERSION } from '../../version.js';
import { CHANNELS, type ReferenceData, type Stage } from '../../core/model.js';
import { PERIOD_PRESETS, parsePeriod } from '../../core/period.js';
import { channelLabel, directionOf, msg, normalizeLocale, periodLabel } from '../../i18n/index.js';
import { WIDGET_CATALOG, widgetTitle } from '../../widgets/catalog.js';
import { DIRECTIONS, FIELD_ORDER, MAX_TITLE_LENGTH, sanitizeSettings } from '../../widgets/layout.js';
import { WIDGET_TYPES, type SettingField, type WidgetSettings, type WidgetType } from '../../widgets/types.js';
import { COLORS, COMPARE_SETTINGS, DEAL_COUNTS, GROUPINGS, NUMBER_OPS } from '../../widgets/choices.js';
import { METRICS, type MetricId } from '../../core/metrics.js';
import {
  DEFAULT_NUMBER_METRICS, MAX_NUMBER_METRICS, NUMBER_METRICS, numberProblem, problemMessage,
} from '../../widgets/number.js';
import { styles } from './widget-settings.styles.js';
import { formulaWords } from '../../widgets/explain.js';
import { metricTitle } from '../../widgets/views.js';

/** Detail of `crm-widget-settings-change`. */
export interface WidgetSettingsSaveDetail {
  /** The complete new settings, sanitized (`sanitizeSettings`): they replace the old ones. */
  readonly settings: WidgetSettings;
}

/** The order fields appear in (the catalog says which ones a type offers). */
const DIALOG_FIELDS: readonly SettingField[] = FIELD_ORDER;

type ListField = 'pipelines' | 'dealStages' | 'invoiceStages' | 'channels' | 'directions';

interface Choice {
  readonly value: string;
  readonly label: string;
  readonly unavailable?: boolean;
}

const isType = (t: unknown): t is WidgetType => (WIDGET_TYPES as readonly unknown[]).includes(t);

/**
 * The settings dialog of one widget (gear → Settings): a native modal `<dialog>` whose form holds
 * exactly the fields the widget type offers (`WIDGET_CATALOG[type].settings`): title, period (follow
 * the page or a fixed preset), what to count, pipelines and stages (from `reference`), channels,
 * directions, completed only, chart type, grouping and colour.
 *
 * Open it with `show(opener)`: focus moves to the first field and returns to `opener` (default: the
 * element focused before) when the dialog closes. Save fires `crm-widget-settings-change` with the
 * complete new settings, sanitized as the layout sanitizes them, and updates `settings`; Cancel and
 * Escape discard the edits. Checkbox lists left all unchecked mean "all" (the key is omitted);
 * boolean options unchecked are omitted; chart, grouping and count carry the value shown.
 *
 * @summary Settings dialog of a widget: title, period, filters, chart, colour.
 *
 * @fires {CustomEvent<WidgetSettingsSaveDetail>} crm-widget-settings-change - Save pressed: the new settings. Bubbles, composed.
 * @fires {Event} close - The dialog closed (Save, Cancel or Escape). Does not bubble, like the native dialog's.
 *
 * @csspart dialog - The native `<dialog>`.
 * @csspart form - The form inside it.
 * @csspart heading - The dialog title.
 * @csspart fields - The scrolling area holding the fields.
 * @csspart field - Each field (a labelled control or a fieldset).
 * @csspart actions - The button row.
 * @csspart button - Both buttons.
 * @csspart save-button - The Save button.
 * @csspart cancel-button - The Cancel button.
 *
 * @cssproperty [--crm-dialog-background=var(--crm-sys-color-surface)] - Dialog background.
 * @cssproperty [--crm-color-blue=#1f64b0] - Swatch of the "blue" colour setting (also green, orange, purple, red, teal, grey).
 */
export class CrmWidgetSettings extends CrmElement {
  static version = VERSION;
  static override styles = styles;
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    type: { reflect: true },
    settings: { attribute: false },
    reference: { attribute: false },
    locale: { reflect: true },
    theme: { reflect: true },
    // Internal state (no attribute).
    draft: { state: true },
    slots: { state: true },
  };

  /** The widget type whose settings are edited (decides the fields). */
  type: WidgetType = 'load-by-channel';

  /** The current settings: the form starts from them on every `show()`; Save replaces them. */
  settings: WidgetSettings = {};

  /** Pipelines and stages to choose from (the adapter's reference data). */
  reference?: ReferenceData;

  /** Language of labels (BCP 47 or a Bitrix24 LANG code); default: the closest `lang`, else English. */
  locale = '';

  /** Colour theme: `light` (default), `dark` or `auto`. */
  theme?: 'light' | 'dark' | 'auto';

  /** The edited settings, shown by the form. */
  private draft: WidgetSettings = {};

  /** Custom number: the metric of each of its three pickers ('' = none), as shown. */
  private slots: readonly string[] = [];

  private get dialog(): HTMLDialogElement | null { return this.shadowRoot?.querySelector('dialog') ?? null; }

  #opener: HTMLElement | undefined;
  /** Whether the current open session has ended (closed, focus returned, `close` fired). */
  #finished = true;

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /**
   * Opens the dialog as a modal, its form filled from `settings`. Focus goes to the first field and
   * comes back to `opener` (default: the element focused now) when it closes.
   */
  async show(opener?: HTMLElement): Promise<void> {
    if (!this.isConnected) {
      this.warnOnce('show() was called while the element is not in the document');
      return;
    }
    if (this.open) return;
    this.#opener = opener ?? deepActiveElement();
    this.#finished = false;
    this.draft = isType(this.type) ? sanitizeSettings(this.type, this.settings).settings : {};
    const metrics = this.draft.metrics?.length ? this.draft.metrics : DEFAULT_NUMBER_METRICS;
    this.slots = Array.from({ length: MAX_NUMBER_METRICS }, (_, i) => metrics[i] ?? '');
    await this.updateComplete;
    const dialog = this.dialog;
    if (!dialog || dialog.open || this.#finished) return; // closed again before it could open
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('.fields input, .fields select') ?? dialog.querySelector<HTMLElement>('.actions button');
    first?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A removed dialog leaves the top layer without a close event: end the session quietly.
    if (this.dialog?.open) this.dialog.close();
    this.#finished = true;
    this.#opener = undefined;
  }

  /** Closes the dialog without saving (as Cancel). */
  close(): void {
    this.#finish();
  }

  /** Ends the open session once: closes the dialog, returns focus, fires `close`. */
  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    const opener = this.#opener;
    this.#opener = undefined;
    if (this.dialog?.open) this.dialog.close();
    if (opener?.isConnected) opener.focus();
    this.dispatchEvent(new Event('close'));
  }

  /**
   * The native dialog closed (Escape, or our own close()). Its `close` event is queued: when the
   * dialog was reopened since, the event is stale and ignored.
   */
  #onDialogClose(): void {
    if (!this.dialog?.open) this.#finish();
  }

  #locale(): string {
    return normalizeLocale(this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en');
  }

  #set(patch: Partial<Record<SettingField, unknown>>): void {
    const next: Record<string, unknown> = { ...this.draft, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    this.draft = next as WidgetSettings;
  }

  /** The checked values of a checkbox group, in the order shown. */
  #checked(name: ListField): string[] | undefined {
    const boxes = this.renderRoot.querySelectorAll<HTMLInputElement>(`input[type='checkbox'][name='${name}']`);
    const values = [...boxes].filter((b) => b.checked).map((b) => b.value);
    return values.length ? values : undefined;
  }

  /** What the form shows, as settings (before sanitizing). */
  #formSettings(): WidgetSettings {
    const def = WIDGET_CATALOG[this.type];
    const d = this.draft;
    const shown: Record<string, unknown> = { ...d };
    if (def.settings.includes('chart')) shown.chart = d.chart ?? def.defaultChart ?? def.charts[0];
    if (def.settings.includes('grouping')) shown.grouping = d.grouping ?? 'auto';
    if (def.settings.includes('count')) shown.count = d.count ?? 'all';
    if (def.settings.includes('metrics')) shown.metrics = d.metrics?.length ? d.metrics : DEFAULT_NUMBER_METRICS;
    if (def.settings.includes('op')) shown.op = d.op ?? 'none';
    // Fields hidden because they mean nothing with these settings (filters of no chosen metric) are not saved.
    for (const f of Object.keys(shown) as SettingField[]) if (def.applies && !def.applies(f, shown as WidgetSettings)) delete shown[f];
    return shown as WidgetSettings;
  }

  /** Custom number: why its metrics and operation do not make a number (Save is refused), in words. */
  #numberProblem(loc: string): string | undefined {
    if (!isType(this.type) || !WIDGET_CATALOG[this.type].settings.includes('op')) return undefined;
    const s = this.#formSettings();
    const problem = numberProblem(s.metrics ?? DEFAULT_NUMBER_METRICS, s.op ?? 'none');
    return problem && problemMessage(problem, loc);
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (!isType(this.type)) return this.#finish();
    if (this.#numberProblem(this.#locale())) {
      // Refused: the message (an alert) says why; focus goes to the combination it is about.
      this.renderRoot.querySelector<HTMLElement>('input[name="op"]:checked')?.focus();
      return;
    }
    const { settings, warnings } = sanitizeSettings(this.type, this.#formSettings());
    for (const w of warnings) this.warnOnce(w);
    this.settings = settings;
    fire<WidgetSettingsSaveDetail>(this, 'crm-widget-settings-change', { settings });
    this.#finish();
  }

  // ─── fields ──────────────────────────────────────────────────────────────────────────────────

  #field(field: SettingField, loc: string): TemplateResult | typeof nothing {
    const d = this.draft;
    switch (field) {
      case 'title':
        return html`<div class="field" part="field" data-field="title">
          <label for="f-title">${msg(loc, 'settings.title')}</label>
          <input id="f-title" type="text" name="title" autocomplete="off" maxlength=${MAX_TITLE_LENGTH}
            placeholder=${widgetTitle(this.type, { ...this.#formSettings(), title: undefined }, loc)} .value=${d.title ?? ''}
            @input=${(e: InputEvent) => this.#set({ title: (e.target as HTMLInputElement).value || undefined })}>
        </div>`;
      case 'period':
        return this.#periodField(loc);
      case 'count':
        return this.#radios('count', msg(loc, 'settings.count'), d.count ?? 'all',
          DEAL_COUNTS.map((c) => ({ value: c, label: msg(loc, `settings.count.${c}`) })));
      case 'pipelines':
        return this.#checkboxes('pipelines', msg(loc, 'settings.pipelines'), loc,
          this.#withUnavailable(d.pipelines, (this.reference?.pipelines ?? []).map((p) => ({ value: p.id, label: p.name })), loc));
      case 'dealStages':
        return this.#stageField('dealStages', 'deal', loc);
      case 'invoiceStages':
        return this.#stageField('invoiceStages', 'invoice', loc);
      case 'channels':
        return this.#checkboxes('channels', msg(loc, 'settings.channels'), loc,
          CHANNELS.map((c) => ({ value: c, label: channelLabel(c, loc) })));
      case 'directions':
        return this.#checkboxes('directions', msg(loc, 'settings.directions'), loc,
          DIRECTIONS.map((v) => ({ value: v, label: msg(loc, v === 'none' ? 'settings.directionNone' : `direction.${v}`) })));
      case 'compare':
        return html`<div class="field" part="field" data-field="compare">
          <label for="f-compare">${msg(loc, 'settings.compare')}</label>
          <select id="f-compare" name="compare"
            @change=${(e: Event) => this.#set({ compare: (e.target as HTMLSelectElement).value || undefined })}>
            ${(['', ...COMPARE_SETTINGS] as const).map((c) => html`<option value=${c} .selected=${live((d.compare ?? '') === c)}>${msg(loc, `settings.compare.${c || 'page'}`)}</option>`)}
          </select>
        </div>`;
      case 'completed':
        return html`<div class="field check" part="field" data-field=${field}>
          <input id="f-${field}" type="checkbox" name=${field} .checked=${d[field] === true}
            @change=${(e: Event) => this.#set({ [field]: (e.target as HTMLInputElement).checked || undefined })}>
          <label for="f-${field}">${msg(loc, `settings.${field}`)}</label>
        </div>`;
      case 'chart': {
        const def = WIDGET_CATALOG[this.type];
        return this.#radios('chart', msg(loc, 'settings.chart'), d.chart ?? def.defaultChart ?? def.charts[0] ?? '',
          def.charts.map((c) => ({ value: c, label: msg(loc, `settings.chart.${c}`) })));
      }
      case 'grouping':
        return html`<div class="field" part="field" data-field="grouping">
          <label for="f-grouping">${msg(loc, 'settings.grouping')}</label>
          <select id="f-grouping" name="grouping"
            @change=${(e: Event) => this.#set({ grouping: (e.target as HTMLSelectElement).value })}>
            ${GROUPINGS.map((g) => html`<option value=${g} .selected=${live((d.grouping ?? 'auto') === g)}>${msg(loc, `settings.grouping.${g}`)}</option>`)}
          </select>
        </div>`;
      case 'metrics':
        return this.#metricsField(loc);
      case 'op':
        return this.#radios('op', msg(loc, 'settings.op'), d.op ?? 'none',
          NUMBER_OPS.map((o) => ({ value: o, label: msg(loc, `settings.op.${o}`) })), false, this.#numberProblem(loc));
      case 'color':
        return this.#radios('color', msg(loc, 'settings.color'), d.color ?? '',
          [{ value: '', label: msg(loc, 'settings.color.auto') }, ...COLORS.map((c) => ({ value: c, label: msg(loc, `settings.color.${c}`) }))],
          true);
    }
  }

  #periodField(loc: string): TemplateResult {
    const current = this.draft.period ?? '';
    const options: Choice[] = PERIOD_PRESETS.map((p) => ({ value: p, label: periodLabel({ kind: 'preset', preset: p }, loc) }));
    if (current && !options.some((o) => o.value === current)) {
      // A fixed month, quarter, year or range set elsewhere: kept as a choice so Save does not lose it.
      let label = current;
      try { label = periodLabel(parsePeriod(current), loc); } catch { /* sanitized settings parse */ }
      options.unshift({ value: current, label });
    }
    return html`<div class="field" part="field" data-field="period">
      <label for="f-period">${msg(loc, 'settings.period')}</label>
      <select id="f-period" name="period"
        @change=${(e: Event) => this.#set({ period: (e.target as HTMLSelectElement).value || undefined })}>
        <option value="" .selected=${live(current === '')}>${msg(loc, 'settings.followPage')}</option>
        ${options.map((o) => html`<option value=${o.value} .selected=${live(o.value === current)}>${o.label}</option>`)}
      </select>
    </div>`;
  }

  /** The choices plus, for ids the settings hold but the reference data does not, "(no longer available)" ones. */
  #withUnavailable(selected: readonly string[] | undefined, choices: Choice[], loc: string): Choice[] {
    const known = new Set(choices.map((c) => c.value));
    const missing = (selected ?? []).filter((v) => !known.has(v));
    return [...choices, ...missing.map((v) => ({ value: v, label: msg(loc, 'settings.unavailable', { id: v }), unavailable: true }))];
  }

  #stageField(field: 'dealStages' | 'invoiceStages', kind: Stage['kind'], loc: string): TemplateResult {
    const stages = (this.reference?.stages ?? []).filter((s) => s.kind === kind);
    const pipelines = this.reference?.pipelines ?? [];
    const legend = msg(loc, `settings.${field}`);
    const selected = this.draft[field];
    const grouped = kind === 'deal' && pipelines.length > 0 && stages.some((s) => s.pipelineId !== undefined);
    if (!grouped) {
      return this.#checkboxes(field, legend, loc,
        this.#withUnavailable(selected, stages.map((s) => ({ value: s.id, label: s.name })), loc));
    }
    // Deal stages by pipeline: stage names repeat across pipelines ("Won"), the nested legends tell them apart.
    const groups: { label: string; choices: Choice[] }[] = pipelines.map((p) => ({
      label: p.name,
      choices: stages.filter((s) => s.pipelineId === p.id).map((s) => ({ value: s.id, label: s.name })),
    }));
    const known = new Set(pipelines.map((p) => p.id));
    const other = stages.filter((s) => s.pipelineId === undefined || !known.has(s.pipelineId)).map((s) => ({ value: s.id, label: s.name }));
    const allKnown = new Set(stages.map((s) => s.id));
    const unavailable = (selected ?? []).filter((v) => !allKnown.has(v))
      .map((v) => ({ value: v, label: msg(loc, 'settings.unavailable', { id: v }), unavailable: true }));
    const otherChoices = [...other, ...unavailable];
    if (otherChoices.length) groups.push({ label: msg(loc, 'settings.otherStages'), choices: otherChoices });
    const hintId = `hint-${field}`;
    return html`<fieldset part="field" data-field=${field} aria-describedby=${hintId}>
      <legend>${legend}</legend>
      <p class="hint" id=${hintId}>${msg(loc, 'settings.allIfNone')}</p>
      ${groups.filter((g) => g.choices.length).map((g) => html`<fieldset>
        <legend>${g.label}</legend>
        ${this.#options(field, g.choices)}
      </fieldset>`)}
    </fieldset>`;
  }

  #checkboxes(field: ListField, legend: string, loc: string, choices: readonly Choice[]): TemplateResult {
    const hintId = `hint-${field}`;
    return html`<fieldset part="field" data-field=${field} aria-describedby=${choices.length ? hintId : nothing}>
      <legend>${legend}</legend>
      ${choices.length
        ? html`<p class="hint" id=${hintId}>${msg(loc, 'settings.allIfNone')}</p>${this.#options(field, choices)}`
        : html`<p class="empty">${msg(loc, 'settings.noneAvailable')}</p>`}
    </fieldset>`;
  }

  #options(field: ListField, choices: readonly Choice[]): TemplateResult {
    const selected = new Set<string>(this.draft[field] ?? []);
    return html`<div class="options">${choices.map((c) => html`<label class="option ${c.unavailable ? 'unavailable' : ''}">
      <input type="checkbox" name=${field} value=${c.value} .checked=${selected.has(c.value)}
        @change=${() => this.#set({ [field]: this.#checked(field) })}>
      <span>${c.label}</span>
    </label>`)}</div>`;
  }

  /** Custom number: three pickers of registry metrics (the second and third may be "none"), grouped by unit. */
  #metricsField(loc: string): TemplateResult {
    const units = ['money', 'count', 'percent', 'ratio'] as const;
    const problem = this.#numberProblem(loc);
    const pick = (i: number, value: string) => {
      const slots = this.slots.map((v, j) => (j === i ? value : v));
      this.slots = slots;
      const metrics = slots.filter((v) => v !== '') as MetricId[];
      this.#set({ metrics: metrics.length ? metrics : undefined });
    };
    return html`<fieldset part="field" data-field="metrics" aria-describedby=${problem ? 'number-problem' : nothing}>
      <legend>${msg(loc, 'settings.metrics')}</legend>
      <div class="slots">${this.slots.map((value, i) => html`<div class="field">
        <label for="f-metric-${i}">${msg(loc, 'settings.metric', { n: String(i + 1) })}</label>
        <select id="f-metric-${i}" name="metrics" @change=${(e: Event) => pick(i, (e.target as HTMLSelectElement).value)}>
          ${i > 0 ? html`<option value="" .selected=${live(value === '')}>${msg(loc, 'settings.metricNone')}</option>` : nothing}
          ${units.map((u) => html`<optgroup label=${msg(loc, `settings.metrics.${u}`)}>
            ${NUMBER_METRICS.filter((id) => METRICS[id].unit === u).map((id) => html`<option value=${id} .selected=${live(value === id)}
              title=${formulaWords(id, loc)}>${metricTitle(id, loc)}</option>`)}
          </optgroup>`)}
        </select>
      </div>`)}</div>
    </fieldset>`;
  }

  #radios(
    field: 'count' | 'chart' | 'color' | 'op', legend: string, value: string, choices: readonly Choice[], swatches = false,
    problem?: string,
  ): TemplateResult {
    return html`<fieldset part="field" data-field=${field} aria-describedby=${problem ? 'number-problem' : nothing}>
      <legend>${legend}</legend>
      <div class="options ${field === 'count' || field === 'op' ? 'stacked' : ''}">${choices.map((c) => html`<label class="option">
        <input type="radio" name=${field} value=${c.value} .checked=${c.value === value}
          @change=${(e: Event) => { if ((e.target as HTMLInputElement).checked) this.#set({ [field]: c.value || undefined }); }}>
        ${swatches ? html`<span class="swatch swatch-${c.value || 'auto'}" aria-hidden="true"></span>` : nothing}
        <span>${c.label}</span>
      </label>`)}</div>
      ${problem ? html`<p class="problem" id="number-problem" role="alert">${problem}</p>` : nothing}
    </fieldset>`;
  }

  override render(): TemplateResult {
    const loc = this.#locale();
    const valid = isType(this.type);
    if (!valid) this.warnOnce(`unknown widget type "${String(this.type)}": no settings to show`);
    const def = valid ? WIDGET_CATALOG[this.type] : undefined;
    const shown = def?.applies ? this.#formSettings() : undefined;
    const fields = def ? DIALOG_FIELDS.filter((f) => def.settings.includes(f) && (!shown || def.applies!(f, shown))) : [];
    const title = valid ? widgetTitle(this.type, this.settings, loc) : String(this.type);
    return html`<dialog part="dialog" aria-labelledby="heading" lang=${loc} dir=${directionOf(loc)} @close=${this.#onDialogClose}>
      <form part="form" @submit=${this.#onSubmit}>
        <h2 id="heading" part="heading">${msg(loc, 'settings.heading', { title })}</h2>
        <div class="fields" part="fields">
          ${fields.length ? fields.map((f) => this.#field(f, loc)) : html`<p class="empty">${msg(loc, 'settings.notConfigurable')}</p>`}
        </div>
        <div class="actions" part="actions">
          <button type="button" part="button cancel-button" @click=${() => this.close()}>
            ${msg(loc, fields.length ? 'action.cancel' : 'action.close')}</button>
          ${fields.length ? html`<button type="submit" part="button save-button" class="primary">${msg(loc, 'action.save')}</button>` : nothing}
        </div>
      </form>
    </dialog>`;
  }
}
