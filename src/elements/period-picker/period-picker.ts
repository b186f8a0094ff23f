import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  DEFAULT_PERIOD, formatPeriod, elementTimeZone, parsePeriod, periodLabel, resolvePeriod, type Period,
} from '../../core/period.js';
import { msg, normalizeLocale } from '../../i18n/index.js';
import { safeString } from '../../core/text.js';
import { VERSION } from '../../version.js';
import { adoptMoreStyles, CrmElement } from '../base.js';
import type { PeriodPickerPopup } from './period-picker-popup.js';
import { styles } from './period-picker.styles.js';
import { MAIN, MORE, choiceOf, icon, type Chooser, type PeriodChoice, type PickerInternals, type RangeError } from './shared.js';

export type { PeriodChoice };

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

const ALL_CHOICES: ReadonlySet<string> = new Set<string>([...MAIN, ...MORE]);


const CALENDAR = svg`<rect x="2" y="3" width="12" height="11" rx="1.5"/><path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3"/>`;
const CHEVRON = svg`<path d="M4 6l4 4 4-4"/>`;

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
  @state() private _rangeError: RangeError = '';
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
  /** The popup's content (list, choosers): loaded on the first open, see period-picker-popup.ts. */
  @state() private _ui?: PeriodPickerPopup;
  private _uiLoading?: Promise<void>;

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
    if (changed.has('timeZone')) elementTimeZone(this.timeZone, (m) => this.warnOnce(m));
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
    if (raw === null || raw === undefined || safeString(raw).trim() === '') {
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
    return elementTimeZone(this.timeZone, () => undefined); // warned in willUpdate
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
    if (this.open) this._loadUi();
    return html`
      <button part="button" id="button" class="button" type="button" lang=${loc}
        aria-haspopup="listbox" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="popup"
        aria-label=${msg(loc, 'period.button', { period: label })}
        ?disabled=${this.disabled} @click=${this._onButtonClick} @keydown=${this._onButtonKeydown}
        @focus=${this._loadUi} @pointerenter=${this._loadUi}>
        ${icon(CALENDAR)}
        <span part="label" class="label" dir="auto">${label}</span>
        ${icon(CHEVRON, 'chevron')}
      </button>
      <div part="popup" id="popup" class="popup" lang=${loc} ?hidden=${!this.open || !this._ui} @focusout=${this._onPopupFocusout}>
        ${this.open && this._ui ? this._ui.render(loc) : nothing}
      </div>
    `;
  }

  /**
   * Imports the popup module once (on the first open, or earlier when the button is hovered or
   * focused), adopts its styles and renders the popup. Failures are warned about and retried on
   * the next open.
   */
  private _loadUi = (): void => {
    if (this._ui || this._uiLoading) return;
    this._uiLoading = this.whileLoading(import('./period-picker-popup.js').then(
      ({ PeriodPickerPopup, popupStyles }) => {
        adoptMoreStyles(this.renderRoot as ShadowRoot, popupStyles);
        this._ui = new PeriodPickerPopup(this as unknown as PickerInternals);
        this._uiLoading = undefined;
      },
      (e: unknown) => {
        this._uiLoading = undefined;
        this.warnOnce(`Could not load the period list: ${(e as Error)?.message ?? String(e)}`);
      },
    )); // updateComplete waits for it: the popup is rendered once it resolves
  };

  protected override updated(changed: PropertyValues): void {
    const ui = this._ui;
    const shown = changed.has('open') || changed.has('_ui');
    if (this.open && ui && (shown || changed.has('_chooser'))) ui.place();
    if (this.open && ui && !this._chooser && (shown || changed.has('_active') || changed.has('_chooser'))) ui.revealActive();
    const target = this._focusNext;
    // Focus moving into the popup waits for its content.
    if (!ui && this.open && (target === 'listbox' || target === 'chooser')) return;
    this._focusNext = null;
    if (target === 'button') this._button?.focus();
    else if (target === 'listbox') this.renderRoot.querySelector<HTMLElement>('#listbox')?.focus();
    else if (target === 'chooser') this.renderRoot.querySelector<HTMLElement>('#chooser select, #chooser input')?.focus();
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
