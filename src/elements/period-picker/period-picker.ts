import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  BITRIX24_PERIOD_CHOICES, DEFAULT_PERIOD, PERIOD_PRESETS, addDays, civilDateOf, compareCivil, formatCivil, formatPeriod,
  isValidTimeZone, parsePeriod, periodLabel, resolvePeriod,
  type CivilDate, type Period, type PeriodPreset,
} from '../../core/period.js';
import { msg, normalizeLocale, type MessageKey } from '../../i18n/index.js';
import { VERSION } from '../../version.js';
import { CrmElement } from '../base.js';
import { styles } from './period-picker.styles.js';

/** An entry of the picker: a preset, or one of the month / quarter / year / custom-range choosers. */
export type PeriodChoice = PeriodPreset | 'month' | 'quarter' | 'year' | 'range';
type Chooser = 'month' | 'quarter' | 'year' | 'range';

/** The `detail` of `crm-period-change`. */
export interface PeriodChangeDetail {
  /** The new `value`: the period's canonical string form (`last-7-days`, `month:2026-03`, …). */
  value: string;
  period: Period;
  /** The preset name, or `'month'`, `'quarter'`, `'year'` or `'range'`. */
  preset: string;
  /** First instant of the period (epoch ms), resolved at `now` in the element's time zone. */
  from: number;
  /** Exclusive end (epoch ms). */
  to: number;
  /** The localized label shown on the button. */
  label: string;
}

const CHOOSERS: readonly Chooser[] = ['month', 'quarter', 'year', 'range'];
/** Bitrix24's nine, in its order. */
const MAIN: readonly PeriodChoice[] = BITRIX24_PERIOD_CHOICES;
/** Everything else, after a separator: today, yesterday, weeks, last month/quarter, years, all time, custom range. */
const MORE: readonly PeriodChoice[] = [...PERIOD_PRESETS.filter((p) => !MAIN.includes(p)), 'range'];
const ALL_CHOICES: ReadonlySet<string> = new Set<string>([...MAIN, ...MORE]);
const CHOOSER_KEYS: Record<Chooser, MessageKey> = {
  month: 'period.chooseMonth', quarter: 'period.chooseQuarter', year: 'period.chooseYear', range: 'period.chooseRange',
};
const TITLE_KEYS: Record<Chooser, MessageKey> = {
  month: 'period.month', quarter: 'period.quarter', year: 'period.year', range: 'period.range',
};
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const TYPEAHEAD_MS = 600;

const isChooser = (c: string): c is Chooser => (CHOOSERS as readonly string[]).includes(c);
const choiceOf = (p: Period): PeriodChoice => (p.kind === 'preset' ? p.preset : p.kind);
const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const icon = (content: ReturnType<typeof svg>, cls = ''): TemplateResult => html`<svg
  class="icon ${cls}" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5"
  stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${content}</svg>`;
const CALENDAR = svg`<rect x="2" y="3" width="12" height="11" rx="1.5"/><path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3"/>`;
const CHEVRON = svg`<path d="M4 6l4 4 4-4"/>`;
const CHECK = svg`<path d="M3 8.5l3 3 7-7"/>`;
const BACK = svg`<path d="M10 3L5 8l5 5"/>`;

/**
 * The reporting-period selector: a menu button showing the current period that opens a listbox of
 * Bitrix24's nine Profile-tab choices (current month, current quarter, last 7/30/60/90 days, a chosen
 * month, quarter or year), then the extra presets (today, yesterday, weeks, last month/quarter, years,
 * all time) and a custom range. Usable alone or inside `<crm-profile>`.
 *
 * Keyboard (WAI-ARIA APG listbox button): Enter, Space, Down or Up on the button open the list;
 * Down/Up/Home/End move, typing a letter jumps, Enter or Space chooses, Escape closes and returns focus
 * to the button, Tab closes. In a chooser form, Escape goes back to the list.
 *
 * Bad input never throws: an invalid `value`, an unknown `presets` entry or an unknown `time-zone` is
 * reported once with `console.warn` and the previous valid value (or the default) is kept.
 *
 * @summary Reporting-period picker: Bitrix24's presets, month / quarter / year choosers and a custom range.
 *
 * @fires {CustomEvent<PeriodChangeDetail>} crm-period-change - When the user picks a period different
 *   from the current one (never when the host sets `value`). Bubbles and is composed; `detail` has the
 *   new `value`, the `period` object, the `preset` name (or `month`/`quarter`/`year`/`range`), `from`/`to`
 *   resolved at `now` in `time-zone`, and the localized `label`.
 *
 * @csspart button - The menu button showing the current period.
 * @csspart label - The period's label inside the button.
 * @csspart popup - The positioned popup holding the list or a chooser form.
 * @csspart listbox - The list of periods.
 * @csspart option - One period in the list.
 * @csspart chooser - The month / quarter / year / custom-range form.
 * @csspart apply - The chooser form's Apply button.
 * @csspart error - The custom range's validation message.
 *
 * @cssproperty [--crm-period-picker-z-index=20] - Stacking order of the popup.
 * @cssproperty [--crm-period-picker-popup-shadow=0 8px 24px rgb(0 0 0 / 0.18)] - Shadow of the popup.
 * @cssproperty [--crm-sys-color-surface] - System tokens (surface, on-surface, outline, primary, focus, error, radius, font) shared by the suite; `theme="dark"` switches their defaults.
 */
export class CrmPeriodPicker extends CrmElement {
  static override styles = styles;
  /** The suite version this class belongs to (reported when two copies meet on one page). */
  static version = VERSION;

  /**
   * The period in its string form: a preset (`last-30-days`, `current-month`, `all-time`, …),
   * `month:2026-03`, `quarter:2026-Q1`, `year:2025` or `range:2026-01-01/2026-02-15`.
   */
  @property({ reflect: true }) value = formatPeriod(DEFAULT_PERIOD);

  /**
   * Restricts the choices: preset names and/or `month`, `quarter`, `year`, `range`, separated by
   * spaces or commas. Unknown names are warned about and ignored. Empty: every choice.
   */
  @property() presets = '';

  /** BCP 47 language of labels and messages (Bitrix24 `LANG` codes accepted). Default: the closest `lang` attribute, else English. */
  @property() locale?: string;

  /** IANA time zone in which periods resolve (`from`/`to`, today's date). Default: the browser's. */
  @property({ attribute: 'time-zone' }) timeZone?: string;

  /** Disables the button. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Whether the popup is open. Settable, e.g. to show it open; user opening also moves focus into it. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** "Now" in epoch ms, for `from`/`to` in the event and the choosers' default year, month and quarter. Default: `Date.now()` when needed. */
  @property({ attribute: false }) now?: number;

  /** Light or dark theme of the suite's tokens (`light`, `dark`, `auto`). */
  @property({ reflect: true }) theme?: string;

  @state() private _period: Period = DEFAULT_PERIOD;
  @state() private _active = 0;
  @state() private _chooser: Chooser | null = null;
  @state() private _year = 1970;
  @state() private _month = 1;
  @state() private _quarter: 1 | 2 | 3 | 4 = 1;
  @state() private _from = '';
  @state() private _to = '';
  @state() private _rangeError: '' | 'period.invalidRange' | 'period.invalidDate' = '';
  @state() private _invalid: { from: boolean; to: boolean } = { from: false, to: false };

  @query('#button') private _button!: HTMLButtonElement;
  @query('#popup') private _popup!: HTMLElement;

  private _choices: readonly PeriodChoice[] = [...MAIN, ...MORE];
  private _validValue = formatPeriod(DEFAULT_PERIOD);
  private _focusNext: 'button' | 'listbox' | 'chooser' | null = null;
  private _closingInternally = false;
  private _openAt: 'selected-or-first' | 'selected-or-last' = 'selected-or-first';
  private _typed = '';
  private _typedAt = 0;

  /** The current period (always valid). */
  get period(): Period {
    return this._period;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this._onDocumentPointerDown, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this._onDocumentPointerDown, true);
  }

  // ------------------------------------------------------------------------------------------
  // Inputs

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('value')) this._syncValue();
    if (changed.has('presets')) this._choices = this._parsePresets();
    if (changed.has('timeZone') && this.timeZone && !isValidTimeZone(this.timeZone)) {
      this.warnOnce(`Unknown time zone "${this.timeZone}": expected an IANA name such as "Europe/Paris"; using the browser's (${browserTimeZone()}).`);
    }
    if (changed.has('now') && this.now !== undefined && !Number.isFinite(this.now)) {
      this.warnOnce(`Invalid now ${String(this.now)}: expected epoch milliseconds; using the current time.`);
    }
    if (this.disabled && this.open) this.open = false;
    if (changed.has('open')) {
      if (this.open) {
        const visible = this._visible();
        const selected = visible.indexOf(choiceOf(this._period));
        this._active = selected >= 0 ? selected : this._openAt === 'selected-or-last' ? Math.max(0, visible.length - 1) : 0;
        this._openAt = 'selected-or-first';
        this._typed = '';
      } else if (changed.get('open')) {
        this._chooser = null;
        this._rangeError = '';
        // Closed by the host while focus was inside the popup: give focus back to the button.
        const inside = this.shadowRoot?.activeElement;
        if (!this._closingInternally && inside && this._popup?.contains(inside)) this._focusNext = 'button';
      }
      this._closingInternally = false;
    }
  }

  private _syncValue(): void {
    const raw = this.value;
    if (raw === null || raw === undefined || String(raw).trim() === '') {
      this._period = DEFAULT_PERIOD;
      this._validValue = this.value = formatPeriod(DEFAULT_PERIOD);
      return;
    }
    try {
      this._period = parsePeriod(raw);
      this._validValue = raw;
    } catch (e) {
      this.warnOnce(`${(e as Error).message}. Keeping "${this._validValue}".`);
      this.value = this._validValue;
    }
  }

  private _parsePresets(): readonly PeriodChoice[] {
    const names = (this.presets ?? '').split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (names.length === 0) return [...MAIN, ...MORE];
    const wanted = new Set<string>();
    for (const name of names) {
      if (ALL_CHOICES.has(name)) wanted.add(name);
      else this.warnOnce(`Unknown entry "${name}" in presets, ignored; expected ${[...MAIN, ...MORE].join(', ')}.`);
    }
    if (wanted.size === 0) return [...MAIN, ...MORE];
    return [...MAIN, ...MORE].filter((c) => wanted.has(c));
  }

  /** The language in use: `locale`, else the closest `lang` attribute (across shadow roots), else English. */
  private _locale(): string {
    if (this.locale) return normalizeLocale(this.locale);
    let node: Node | null = this.parentNode ?? null;
    if (this.hasAttribute('lang')) return normalizeLocale(this.getAttribute('lang'));
    while (node) {
      if (node instanceof Element && node.hasAttribute('lang')) return normalizeLocale(node.getAttribute('lang'));
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return 'en';
  }

  private _timeZone(): string {
    return this.timeZone && isValidTimeZone(this.timeZone) ? this.timeZone : browserTimeZone();
  }

  private _now(): number {
    return this.now !== undefined && Number.isFinite(this.now) ? this.now : Date.now();
  }

  private _visible(): readonly PeriodChoice[] {
    return this._choices;
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const loc = this._locale();
    const label = periodLabel(this._period, loc);
    return html`
      <button part="button" id="button" class="button" type="button" lang=${loc}
        aria-haspopup="listbox" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="popup"
        aria-label=${msg(loc, 'period.button', { period: label })}
        ?disabled=${this.disabled} @click=${this._onButtonClick} @keydown=${this._onButtonKeydown}>
        ${icon(CALENDAR)}
        <span part="label" class="label" dir="auto">${label}</span>
        ${icon(CHEVRON, 'chevron')}
      </button>
      <div part="popup" id="popup" class="popup" lang=${loc} ?hidden=${!this.open} @focusout=${this._onPopupFocusout}>
        ${!this.open ? nothing : this._chooser ? this._renderChooser(this._chooser, loc) : this._renderListbox(loc)}
      </div>
    `;
  }

  private _optionLabel(choice: PeriodChoice, loc: string): string {
    return isChooser(choice) ? msg(loc, CHOOSER_KEYS[choice]) : periodLabel({ kind: 'preset', preset: choice }, loc);
  }

  private _renderListbox(loc: string): TemplateResult {
    const visible = this._visible();
    const selected = choiceOf(this._period);
    const main = visible.filter((c) => MAIN.includes(c));
    const more = visible.filter((c) => !MAIN.includes(c));
    const option = (choice: PeriodChoice): TemplateResult => {
      const index = visible.indexOf(choice);
      const isSelected = choice === selected;
      return html`<div role="option" part="option" id="option-${choice}" class="option ${index === this._active ? 'active' : ''}"
        aria-selected=${isSelected ? 'true' : 'false'}
        @click=${() => this._choose(choice)} @pointermove=${() => this._setActive(index)}>
        ${icon(CHECK, 'check')}
        <span class="option-text">
          <span class="option-label" dir="auto">${this._optionLabel(choice, loc)}</span>
          ${isSelected && isChooser(choice) ? html`<span class="hint" dir="auto">${periodLabel(this._period, loc)}</span>` : nothing}
        </span>
      </div>`;
    };
    const group = (choices: PeriodChoice[], key: MessageKey): TemplateResult | typeof nothing =>
      choices.length ? html`<div role="group" class="group" aria-label=${msg(loc, key)}>${choices.map(option)}</div>` : nothing;
    const active = visible[this._active];
    return html`<div part="listbox" id="listbox" class="listbox" role="listbox" tabindex="0"
      aria-label=${msg(loc, 'period.label')} aria-activedescendant=${active ? `option-${active}` : nothing}
      @keydown=${this._onListboxKeydown}>
      ${group(main, 'period.groupMain')}${group(more, 'period.groupMore')}
    </div>`;
  }

  private _years(): number[] {
    const last = Math.min(MAX_YEAR, Math.max(civilDateOf(this._now(), this._timeZone()).year + 1, this._year));
    const years: number[] = [];
    for (let y = last; y >= MIN_YEAR; y--) years.push(y);
    return years;
  }

  private _renderChooser(kind: Chooser, loc: string): TemplateResult {
    const num = new Intl.NumberFormat(loc, { useGrouping: false });
    const yearField = html`<div class="field">
      <label for="year">${msg(loc, 'period.year')}</label>
      <select id="year" @change=${(e: Event) => (this._year = Number((e.target as HTMLSelectElement).value))}>
        ${this._years().map((y) => html`<option value=${y} ?selected=${y === this._year}>${num.format(y)}</option>`)}
      </select>
    </div>`;
    let fields: TemplateResult;
    if (kind === 'month') {
      const fmt = new Intl.DateTimeFormat(loc, { month: 'long', timeZone: 'UTC' });
      const months = Array.from({ length: 12 }, (_, i) => {
        const name = fmt.format(Date.UTC(2000, i, 1));
        return name.charAt(0).toLocaleUpperCase(loc) + name.slice(1);
      });
      fields = html`<div class="fields">${yearField}<div class="field">
        <label for="month">${msg(loc, 'period.month')}</label>
        <select id="month" @change=${(e: Event) => (this._month = Number((e.target as HTMLSelectElement).value))}>
          ${months.map((name, i) => html`<option value=${i + 1} ?selected=${i + 1 === this._month}>${name}</option>`)}
        </select>
      </div></div>`;
    } else if (kind === 'quarter') {
      fields = html`<div class="fields">${yearField}<div class="field">
        <label for="quarter">${msg(loc, 'period.quarter')}</label>
        <select id="quarter" @change=${(e: Event) => (this._quarter = Number((e.target as HTMLSelectElement).value) as 1 | 2 | 3 | 4)}>
          ${([1, 2, 3, 4] as const).map((q) => html`<option value=${q} ?selected=${q === this._quarter}>${msg(loc, 'period.quarterOption', { quarter: q })}</option>`)}
        </select>
      </div></div>`;
    } else if (kind === 'year') {
      fields = html`<div class="fields">${yearField}</div>`;
    } else {
      const error = this._rangeError ? msg(loc, this._rangeError) : '';
      const dateInput = (id: 'from' | 'to', value: string): TemplateResult => html`<div class="field">
        <label for=${id}>${msg(loc, id === 'from' ? 'period.from' : 'period.to')}</label>
        <input type="date" id=${id} min="1970-01-01" max="9999-12-31" .value=${value}
          aria-invalid=${this._invalid[id] ? 'true' : 'false'} aria-describedby="range-error"
          @input=${this._onDateInput}>
      </div>`;
      fields = html`<div>
        <div class="fields">${dateInput('from', this._from)}${dateInput('to', this._to)}</div>
        <p part="error" id="range-error" class="error" role="alert">${error ? html`<span dir="auto">${error}</span>` : nothing}</p>
      </div>`;
    }
    return html`<form part="chooser" id="chooser" class="chooser" novalidate aria-labelledby="chooser-title"
      @submit=${this._onApply} @keydown=${this._onChooserKeydown}>
      <div class="chooser-head">
        <button type="button" class="back" aria-label=${msg(loc, 'period.back')} @click=${this._backToList}>${icon(BACK)}</button>
        <span id="chooser-title" class="chooser-title">${msg(loc, TITLE_KEYS[kind])}</span>
      </div>
      ${fields}
      <div class="actions"><button part="apply" class="apply" type="submit">${msg(loc, 'period.apply')}</button></div>
    </form>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (this.open && (changed.has('open') || changed.has('_chooser'))) this._place();
    if (this.open && !this._chooser && (changed.has('_active') || changed.has('_chooser') || changed.has('open'))) {
      this._revealActive();
    }
    const target = this._focusNext;
    this._focusNext = null;
    if (target === 'button') this._button?.focus();
    else if (target === 'listbox') this.renderRoot.querySelector<HTMLElement>('#listbox')?.focus();
    else if (target === 'chooser') this.renderRoot.querySelector<HTMLElement>('#chooser select, #chooser input')?.focus();
  }

  /** Scrolls the popup (only the popup: never the page) so that the active option is visible. */
  private _revealActive(): void {
    const popup = this._popup;
    const active = popup?.querySelector<HTMLElement>('.option.active');
    if (!popup || !active) return;
    const box = popup.getBoundingClientRect();
    const opt = active.getBoundingClientRect();
    const pad = 4;
    if (opt.top < box.top + pad) popup.scrollTop -= box.top + pad - opt.top;
    else if (opt.bottom > box.bottom - pad) popup.scrollTop += opt.bottom - (box.bottom - pad);
  }

  /** Opens the popup below (or above, when there is more room there) and keeps it inside the viewport. */
  private _place(): void {
    const popup = this._popup;
    if (!popup) return;
    popup.classList.remove('above', 'end');
    popup.style.removeProperty('--_popup-max');
    const host = this.getBoundingClientRect();
    const margin = 8;
    const below = window.innerHeight - host.bottom - margin;
    const above = host.top - margin;
    const flip = popup.offsetHeight > below && above > below;
    popup.classList.toggle('above', flip);
    popup.style.setProperty('--_popup-max', `${Math.max(160, Math.floor(flip ? above : below))}px`);
    const rtl = getComputedStyle(this).direction === 'rtl';
    const box = popup.getBoundingClientRect();
    const overflows = rtl ? box.left < 0 : box.right > window.innerWidth;
    const fitsOtherWay = rtl ? host.left + box.width <= window.innerWidth : host.right - box.width >= 0;
    popup.classList.toggle('end', overflows && fitsOtherWay);
  }

  // ------------------------------------------------------------------------------------------
  // Interaction

  private _openPopup(at: 'selected-or-first' | 'selected-or-last'): void {
    if (this.disabled) return;
    this._openAt = at;
    this._chooser = null;
    this.open = true;
    this._focusNext = 'listbox';
  }

  private _close(returnFocus: boolean): void {
    if (!this.open) return;
    this._closingInternally = true;
    this.open = false;
    if (returnFocus) this._focusNext = 'button';
  }

  private _setActive(index: number): void {
    const count = this._visible().length;
    if (count > 0) this._active = Math.min(count - 1, Math.max(0, index));
  }

  private _onButtonClick = (): void => {
    if (this.open) this._close(true);
    else this._openPopup('selected-or-first');
  };

  private _onButtonKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.open && !this._chooser) this._focusNext = 'listbox';
      else this._openPopup(e.key === 'ArrowUp' ? 'selected-or-last' : 'selected-or-first');
      this.requestUpdate();
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      this._close(true);
    }
  };

  private _onListboxKeydown = (e: KeyboardEvent): void => {
    const visible = this._visible();
    const handled = (): void => { e.preventDefault(); e.stopPropagation(); };
    switch (e.key) {
      case 'ArrowDown': handled(); this._setActive(this._active + 1); return;
      case 'ArrowUp': handled(); this._setActive(this._active - 1); return;
      case 'Home': case 'PageUp': handled(); this._setActive(0); return;
      case 'End': case 'PageDown': handled(); this._setActive(visible.length - 1); return;
      case 'Enter': case ' ': {
        handled();
        if (e.key === ' ' && this._typed && performance.now() - this._typedAt < TYPEAHEAD_MS) {
          this._typeahead(' '); // a space inside a typed label ("last m…")
          return;
        }
        const choice = visible[this._active];
        if (choice) this._choose(choice);
        return;
      }
      case 'Escape': handled(); this._close(true); return;
      case 'Tab':
        // Close and let the browser move focus on (Shift+Tab lands on the button, which stays).
        this._close(false);
        if (!e.shiftKey) this._button.focus();
        return;
      default:
        if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) this._typeahead(e.key);
    }
  };

  /** Jumps to the next option whose label starts with the letters typed so far. */
  private _typeahead(key: string): void {
    const now = performance.now();
    this._typed = now - this._typedAt > TYPEAHEAD_MS ? key : this._typed + key;
    this._typedAt = now;
    const loc = this._locale();
    // The same letter typed again cycles through the options starting with it.
    const repeated = [...this._typed].every((c) => c === key);
    const needle = (repeated ? key : this._typed).toLocaleLowerCase(loc);
    const visible = this._visible();
    const start = repeated ? this._active + 1 : this._active;
    for (let i = 0; i < visible.length; i++) {
      const index = (start + i) % visible.length;
      if (this._optionLabel(visible[index]!, loc).toLocaleLowerCase(loc).startsWith(needle)) {
        this._active = index;
        return;
      }
    }
  }

  private _choose(choice: PeriodChoice): void {
    this._setActive(this._visible().indexOf(choice));
    if (isChooser(choice)) this._openChooser(choice);
    else this._commit({ kind: 'preset', preset: choice });
  }

  private _openChooser(kind: Chooser): void {
    const tz = this._timeZone();
    const today = civilDateOf(this._now(), tz);
    const p = this._period;
    this._year = p.kind === 'month' || p.kind === 'quarter' || p.kind === 'year' ? p.year : today.year;
    this._month = p.kind === 'month' ? p.month : today.month;
    this._quarter = p.kind === 'quarter' ? p.quarter : (Math.ceil(today.month / 3) as 1 | 2 | 3 | 4);
    let start: CivilDate = today;
    let last: CivilDate = today;
    if (p.kind === 'range') ({ start, end: last } = p);
    else if (!(p.kind === 'preset' && p.preset === 'all-time')) {
      const r = resolvePeriod(p, this._now(), tz, this._locale());
      start = r.start;
      last = addDays(r.end, -1);
    }
    this._from = formatCivil(start);
    this._to = formatCivil(last);
    this._rangeError = '';
    this._invalid = { from: false, to: false };
    this._chooser = kind;
    this._focusNext = 'chooser';
  }

  private _backToList = (): void => {
    const index = this._chooser ? this._visible().indexOf(this._chooser) : -1;
    this._chooser = null;
    if (index >= 0) this._active = index;
    this._focusNext = 'listbox';
  };

  private _onChooserKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this._backToList();
    }
  };

  private _onDateInput = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.id === 'from') this._from = input.value;
    else this._to = input.value;
    if (this._rangeError) {
      this._rangeError = '';
      this._invalid = { from: false, to: false };
    }
  };

  private _onApply = (e: Event): void => {
    e.preventDefault();
    const kind = this._chooser;
    if (kind === 'month') this._commit({ kind, year: this._year, month: this._month });
    else if (kind === 'quarter') this._commit({ kind, year: this._year, quarter: this._quarter });
    else if (kind === 'year') this._commit({ kind, year: this._year });
    else if (kind === 'range') {
      const form = e.currentTarget as HTMLFormElement;
      const read = (id: string): string => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
      const from = read('from');
      const to = read('to');
      const start = parseDate(from);
      const end = parseDate(to);
      if (!start || !end) {
        this._rangeError = 'period.invalidDate';
        this._invalid = { from: !start, to: !end };
      } else if (compareCivil(start, end) > 0) {
        this._rangeError = 'period.invalidRange';
        this._invalid = { from: true, to: true };
      } else {
        this._commit({ kind: 'range', start, end });
        return;
      }
      // Leave focus on the first offending field; the alert announces the message.
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
  };

  private _onPopupFocusout = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    if (to && !this.renderRoot.contains(to)) this._close(false);
  };

  private _onDocumentPointerDown = (e: Event): void => {
    if (this.open && !e.composedPath().includes(this)) this._close(false);
  };

  /** Applies a period chosen by the user: closes, returns focus, and fires when the value changed. */
  private _commit(period: Period): void {
    const value = formatPeriod(period);
    const changed = value !== formatPeriod(this._period);
    this._close(true);
    if (!changed) return;
    this.value = value;
    this._period = period;
    this._validValue = value;
    const loc = this._locale();
    const r = resolvePeriod(period, this._now(), this._timeZone(), loc);
    const detail: PeriodChangeDetail = {
      value, period, preset: choiceOf(period), from: r.from, to: r.to, label: periodLabel(period, loc),
    };
    this.dispatchEvent(new CustomEvent<PeriodChangeDetail>('crm-period-change', { detail, bubbles: true, composed: true }));
  }
}

/** A `YYYY-MM-DD` date between 1970 and 9999 that exists, or null. */
function parseDate(text: string): CivilDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  try {
    const p = parsePeriod(`range:${text}/${text}`);
    return p.kind === 'range' ? p.start : null;
  } catch {
    return null;
  }
}
