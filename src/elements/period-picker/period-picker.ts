import { html, svg, type PropertyValues, type TemplateResult } from 'lit';
import {
  DEFAULT_PERIOD, formatPeriod, elementTimeZone, parsePeriod, periodWait, type Period,
} from '../../core/period-base.js';
import { msg, normalizeLocale, periodLabel } from '../../i18n/index.js';
import { reasonOf, safeString } from '../../core/text.js';
import { VERSION } from '../../version.js';
import { CrmElement } from '../base.js';
import type { PeriodPickerPopup } from './period-picker-popup.js';
import { styles } from './period-picker.styles.js';
import { MAIN, MORE, icon, type PeriodChoice, type PickerInternals } from './shared.js';

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

/** Every choice, in the list's order. */
const ALL: readonly string[] = [...MAIN, ...MORE];

/** The `lang` attribute of `node` or of its closest ancestor that has one, across shadow roots. */
function langOf(node: Node | null): string | null | undefined {
  while (node && !(node instanceof Element && node.hasAttribute('lang'))) node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  return (node as Element | null)?.getAttribute('lang');
}

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
  /** Reactive properties and their attributes, documented on the fields below (no decorators: see the README's "Dependencies, and why"). */
  static override properties = {
    value: { reflect: true },
    presets: {},
    locale: {},
    timeZone: { attribute: 'time-zone' },
    disabled: { type: Boolean, reflect: true },
    open: { type: Boolean, reflect: true },
    now: { attribute: false },
    theme: { reflect: true },
    // Internal state (no attribute).
    _period: { state: true },
    _ui: { state: true },
  };
  /** The suite version this class belongs to (reported when two copies meet on one page). */
  static version = VERSION;

  /**
   * The period in its string form: a preset (`last-30-days`, `current-month`, `all-time`, …),
   * `month:2026-03`, `quarter:2026-Q1`, `year:2025` or `range:2026-01-01/2026-02-15`.
   */
  value = formatPeriod(DEFAULT_PERIOD);

  /**
   * Restricts the choices: preset names and/or `month`, `quarter`, `year`, `range`, separated by
   * spaces or commas. Unknown names are warned about and ignored. Empty: every choice.
   */
  presets = '';

  /** BCP 47 language of labels and messages (Bitrix24 `LANG` codes accepted). Default: the closest `lang` attribute, else English. */
  locale?: string;

  /** IANA time zone in which periods resolve (`from`/`to`, today's date). Default: the browser's. */
  timeZone?: string;

  /** Disables the button. */
  disabled = false;

  /** Whether the popup is open. Settable, e.g. to show it open; user opening also moves focus into it. */
  open = false;

  /** "Now" in epoch ms, for `from`/`to` in the event and the choosers' default year, month and quarter. Default: `Date.now()` when needed. */
  now?: number;

  /** Light or dark theme of the suite's tokens (`light`, `dark`, `auto`). */
  theme?: string;

  private _period: Period = DEFAULT_PERIOD;
  // The popup's own state (the active option, the chooser and its fields) is made by its code, on this element: see PeriodPickerPopup.


  private _choices = ALL as readonly PeriodChoice[];
  private _validValue = formatPeriod(DEFAULT_PERIOD);
  /** A period other than the default is being read (its chunk loads): the button shows no label meanwhile. */
  private _pending = false;
  /** The popup: its content (list, choosers) and the opening, closing and keyboard handling, loaded on first use (period-picker-popup.ts). */
  private _ui?: PeriodPickerPopup;

  /** The current period (always valid). */
  get period(): Period {
    return this._period;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._ui?.listen(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._ui?.listen(false);
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
    this._ui?.willUpdate(changed);
  }

  private _syncValue(): void {
    const raw = this.value;
    if (raw === null || raw === undefined || safeString(raw).trim() === '') {
      this._period = DEFAULT_PERIOD;
      this._validValue = this.value = formatPeriod(DEFAULT_PERIOD);
      return;
    }
    // A period other than the default one is read once its code (core/period-forms.ts, a chunk) is here.
    const wait = periodWait(raw);
    this._pending = !!wait;
    if (wait) {
      void this.whileLoading(wait).then(() => this.requestUpdate('value'), (e: Error) => {
        this._pending = false;
        this.warnOnce(`Could not read the period ${JSON.stringify(raw)}: its code did not load (${e?.message}). Keeping "${this._validValue}".`);
        if (this.value === raw) this.value = this._validValue;
      });
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
    const wanted = new Set<string>();
    for (const name of (this.presets ?? '').toLowerCase().split(/[\s,]+/)) {
      if (ALL.includes(name)) wanted.add(name);
      else if (name) this.warnOnce(`Unknown entry "${name}" in presets, ignored; expected ${ALL.join(', ')}.`);
    }
    return (wanted.size ? ALL.filter((c) => wanted.has(c)) : ALL) as readonly PeriodChoice[];
  }

  /** The language in use: `locale`, else the closest `lang` attribute (across shadow roots), else English. */
  private _locale(): string {
    return normalizeLocale(this.locale || langOf(this));
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const loc = this._locale();
    // No label while the period given is still being read: the one before it would be wrong.
    const label = this._pending ? '' : periodLabel(this._period, loc);
    if (this.open) void this._loadUi();
    return html`
      <button part="button" id="button" class="button" type="button" lang=${loc}
        aria-haspopup="listbox" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="popup"
        aria-label=${msg(loc, 'period.button', { period: label })}
        ?disabled=${this.disabled} @click=${this._onButton} @keydown=${this._onButton}
        @focus=${this._loadUi} @pointerenter=${this._loadUi}>
        ${icon(CALENDAR)}
        <span part="label" class="label" dir="auto">${label}</span>
        ${icon(CHEVRON, 'chevron')}
      </button>
      <div part="popup" id="popup" class="popup" lang=${loc} ?hidden=${!this.open || !this._ui} @focusout=${this._ui?.onFocusout}>
        ${this._ui?.render(loc)}
      </div>
    `;
  }

  /**
   * Imports the popup module once (on the first open, or earlier when the button is hovered or
   * focused), adopts its styles and renders the popup. Failures are warned about and retried on
   * the next use.
   */
  // (updateComplete waits for it: the popup is rendered, and a click made meanwhile handled, once it resolves.)
  private _loadUi = (): Promise<PeriodPickerPopup | undefined> => this.loadPart('popup', pickerChunks.popup,
    (m) => (this._ui = new m.PeriodPickerPopup(this as unknown as PickerInternals)),
    (e) => this.warnOnce(`Could not load the period list: ${reasonOf(e)}`));

  protected override updated(changed: PropertyValues): void {
    this._ui?.updated(changed);
  }

  // The button's click and keys: handled by the popup's code (once here: at once, as it is loaded on hover and focus).
  private _onButton = (e: Event): void => {
    const key = (e as KeyboardEvent).key ?? 'click';
    if (key === 'click' || key === 'ArrowDown' || key === 'ArrowUp' || (key === 'Escape' && this.open)) {
      if (key !== 'click') e.preventDefault();
      void this._loadUi().then((ui) => ui?.onButtonKey(key));
    }
  };
}

/** The popup's chunk (replaceable: the tests make it fail). */
export const pickerChunks = { popup: () => import('./period-picker-popup.js') };
