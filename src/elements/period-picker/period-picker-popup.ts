/**
 * The open part of `<crm-period-picker>`: opening and closing (the button's click and keys, a
 * click outside, focus leaving), the listbox of periods, the month / quarter / year choosers and the
 * custom-range form, their keyboard handling, the popup's placement and the `crm-period-change`
 * event. Imported dynamically on the first use (or when the button is first hovered or focused), so
 * that a page showing closed pickers never downloads it. The state stays in the element
 * (PickerInternals), except what only this code reads (where focus goes next, the typed letters).
 */
import '../../i18n/en-overlays.js'; // the words of this chunk
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { fire } from '../base.js';
import { live } from 'lit/directives/live.js';
import {
  addDays, civilDateOf, compareCivil, formatCivil, formatPeriod, parsePeriod, resolvePeriod, type CivilDate, type Period,
} from '../../core/period.js';
import { intlFormatter } from '../../core/intl.js';
import { elementTimeZone } from '../../core/period-base.js';
import { msg, periodLabel, type MessageKey } from '../../i18n/index.js';
import type { PeriodChangeDetail } from './period-picker.js';
import { popupStyles } from './period-picker-popup.styles.js';
import { MAIN, icon, type Chooser, type PeriodChoice, type PickerInternals } from './shared.js';

export { popupStyles as styles };

// (Here, not in ./shared.ts: only this chunk uses them.)
const isChooser = (c: string): c is Chooser => c === 'month' || c === 'quarter' || c === 'year' || c === 'range';
const choiceOf = (p: Period): PeriodChoice => (p.kind === 'preset' ? p.preset : p.kind);

const CHOOSER_KEYS: Record<Chooser, MessageKey> = {
  month: 'period.chooseMonth', quarter: 'period.chooseQuarter', year: 'period.chooseYear', range: 'period.chooseRange',
};
const TITLE_KEYS: Record<Chooser, MessageKey> = {
  month: 'period.month', quarter: 'period.quarter', year: 'period.year', range: 'period.range',
};
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const TYPEAHEAD_MS = 600;

const CHECK = svg`<path d="M3 8.5l3 3 7-7"/>`;
const BACK = svg`<path d="M10 3L5 8l5 5"/>`;

/** The popup of one picker: renders into the element's `#popup` and handles its events. */
export class PeriodPickerPopup {
  /** Where focus goes after the next update. */
  private _focusNext: 'button' | 'listbox' | 'chooser' | null = null;
  private _closingInternally = false;
  private _openAt: 'selected-or-first' | 'selected-or-last' = 'selected-or-first';
  private _typed = '';
  private _typedAt = 0;

  constructor(private readonly host: PickerInternals) {
    // The popup's state lives on the element as its reactive state (a change re-renders it, and
    // \`changed\` names it), made here: the element's own code, always loaded, does not carry it.
    const initial: Partial<PickerInternals> = {
      _active: 0, _chooser: null, _year: 1970, _month: 1, _quarter: 1, _from: '', _to: '', _rangeError: '', _invalid: { from: false, to: false },
    };
    for (const [key, first] of Object.entries(initial)) {
      let value: unknown = first;
      Object.defineProperty(host, key, {
        configurable: true,
        get: () => value,
        set: (next: unknown) => {
          const old = value;
          value = next;
          host.requestUpdate(key, old);
        },
      });
    }
    this.listen(host.isConnected);
    if (host.open) this._opened(); // opened by the host before this code came
  }

  // Helpers of the element's state.
  private get _button(): HTMLButtonElement {
    return this.host.renderRoot.querySelector('#button')!;
  }

  private get _popup(): HTMLElement | null {
    return this.host.renderRoot.querySelector('#popup');
  }

  private _timeZone(): string {
    return elementTimeZone(this.host.timeZone, () => undefined); // warned by the element
  }

  private _now(): number {
    const now = this.host.now;
    return now !== undefined && Number.isFinite(now) ? now : Date.now();
  }

  private _visible(): readonly PeriodChoice[] {
    return this.host._choices;
  }

  /** Closes the popup on a click outside the picker, while the picker is in the document. */
  listen(on: boolean): void {
    if (on) document.addEventListener('pointerdown', this._onDocumentPointerDown, true);
    else document.removeEventListener('pointerdown', this._onDocumentPointerDown, true);
  }

  willUpdate(changed: PropertyValues): void {
    const h = this.host;
    if (!changed.has('open')) return;
    if (h.open) this._opened();
    else if (changed.get('open')) {
      h._chooser = null;
      h._rangeError = '';
      // Closed by the host while focus was inside the popup: give focus back to the button.
      const inside = h.shadowRoot?.activeElement;
      if (!this._closingInternally && inside && this._popup?.contains(inside)) this._focusNext = 'button';
    }
    this._closingInternally = false;
  }

  /** The list opens on the selected choice (else the first, or the last when opened with Up). */
  private _opened(): void {
    const h = this.host;
    const visible = this._visible();
    const selected = visible.indexOf(choiceOf(h._period));
    h._active = selected >= 0 ? selected : this._openAt === 'selected-or-last' ? Math.max(0, visible.length - 1) : 0;
    this._openAt = 'selected-or-first';
    this._typed = '';
  }

  updated(changed: PropertyValues): void {
    const h = this.host;
    const shown = changed.has('open') || changed.has('_ui');
    if (h.open && (shown || changed.has('_chooser'))) this.place();
    if (h.open && !h._chooser && (shown || changed.has('_active') || changed.has('_chooser'))) this.revealActive();
    const target = this._focusNext;
    this._focusNext = null;
    if (target === 'button') this._button?.focus();
    else if (target === 'listbox') h.renderRoot.querySelector<HTMLElement>('#listbox')?.focus();
    else if (target === 'chooser') h.renderRoot.querySelector<HTMLElement>('#chooser select, #chooser input')?.focus();
  }

  /** The button's click ('click'), Down, Up or Escape (the last only while open). */
  onButtonKey(key: string): void {
    const h = this.host;
    if (key === 'Escape') this._close(true);
    else if (key === 'click' && h.open) this._close(true);
    else if (h.open && !h._chooser) {
      this._focusNext = 'listbox';
      h.requestUpdate();
    } else if (!h.disabled) {
      this._openAt = key === 'ArrowUp' ? 'selected-or-last' : 'selected-or-first';
      h._chooser = null;
      h.open = true;
      this._focusNext = 'listbox';
      h.requestUpdate();
    }
  }

  onFocusout = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null;
    if (to && !this.host.renderRoot.contains(to)) this._close(false);
  };

  private _onDocumentPointerDown = (e: Event): void => {
    if (this.host.open && !e.composedPath().includes(this.host)) this._close(false);
  };

  private _close(returnFocus: boolean): void {
    const h = this.host;
    if (!h.open) return;
    this._closingInternally = true;
    h.open = false;
    if (returnFocus) this._focusNext = 'button';
  }

  /** Applies a period chosen by the user: closes, returns focus, and fires when the value changed. */
  private _commit(period: Period): void {
    const h = this.host;
    const value = formatPeriod(period);
    const changed = value !== formatPeriod(h._period);
    this._close(true);
    if (!changed) return;
    h.value = value;
    h._validValue = value;
    h._period = period;
    const loc = h._locale();
    const r = resolvePeriod(period, this._now(), this._timeZone(), loc);
    const detail: PeriodChangeDetail = {
      value, period, preset: choiceOf(period), from: r.from, to: r.to, label: periodLabel(period, loc),
    };
    fire(h, 'crm-period-change', detail);
  }

  /** The list, or the chooser form when one is open. */
  /** The popup's content while open (nothing while closed). */
  render(loc: string): TemplateResult | typeof nothing {
    const chooser = this.host._chooser;
    return !this.host.open ? nothing : chooser ? this._renderChooser(chooser, loc) : this._renderListbox(loc);
  }

  private _optionLabel(choice: PeriodChoice, loc: string): string {
    return isChooser(choice) ? msg(loc, CHOOSER_KEYS[choice]) : periodLabel({ kind: 'preset', preset: choice }, loc);
  }

  private _renderListbox(loc: string): TemplateResult {
    const h = this.host;
    const visible = this._visible();
    const selected = choiceOf(h._period);
    const main = visible.filter((c) => MAIN.includes(c));
    const more = visible.filter((c) => !MAIN.includes(c));
    const option = (choice: PeriodChoice): TemplateResult => {
      const index = visible.indexOf(choice);
      const isSelected = choice === selected;
      return html`<div role="option" part="option" id="option-${choice}" class="option ${index === h._active ? 'active' : ''}"
        aria-selected=${isSelected ? 'true' : 'false'}
        @click=${() => this._choose(choice)} @pointermove=${() => this._setActive(index)}>
        ${icon(CHECK, 'check')}
        <span class="option-text">
          <span class="option-label" dir="auto">${this._optionLabel(choice, loc)}</span>
          ${isSelected && isChooser(choice) ? html`<span class="hint" dir="auto">${periodLabel(h._period, loc)}</span>` : nothing}
        </span>
      </div>`;
    };
    const group = (choices: PeriodChoice[], key: MessageKey): TemplateResult | typeof nothing =>
      choices.length ? html`<div role="group" class="group" aria-label=${msg(loc, key)}>${choices.map(option)}</div>` : nothing;
    const active = visible[h._active];
    return html`<div part="listbox" id="listbox" class="listbox" role="listbox" tabindex="0"
      aria-label=${msg(loc, 'period.label')} aria-activedescendant=${active ? `option-${active}` : nothing}
      @keydown=${this._onListboxKeydown}>
      ${group(main, 'period.groupMain')}${group(more, 'period.groupMore')}
    </div>`;
  }

  private _years(): number[] {
    const h = this.host;
    const last = Math.min(MAX_YEAR, Math.max(civilDateOf(this._now(), this._timeZone()).year + 1, h._year));
    const years: number[] = [];
    for (let y = last; y >= MIN_YEAR; y--) years.push(y);
    return years;
  }

  private _renderChooser(kind: Chooser, loc: string): TemplateResult {
    const h = this.host;
    const num = intlFormatter(Intl.NumberFormat, loc, { useGrouping: false });
    const yearField = html`<div class="field">
      <label for="year">${msg(loc, 'period.year')}</label>
      <select id="year" @change=${(e: Event) => (h._year = Number((e.target as HTMLSelectElement).value))}>
        ${this._years().map((y) => html`<option value=${y} .selected=${live(y === h._year)}>${num.format(y)}</option>`)}
      </select>
    </div>`;
    let fields: TemplateResult;
    if (kind === 'month') {
      const fmt = intlFormatter(Intl.DateTimeFormat, loc, { month: 'long', timeZone: 'UTC' });
      const months = Array.from({ length: 12 }, (_, i) => {
        const name = fmt.format(Date.UTC(2000, i, 1));
        return name.charAt(0).toLocaleUpperCase(loc) + name.slice(1);
      });
      fields = html`<div class="fields">${yearField}<div class="field">
        <label for="month">${msg(loc, 'period.month')}</label>
        <select id="month" @change=${(e: Event) => (h._month = Number((e.target as HTMLSelectElement).value))}>
          ${months.map((name, i) => html`<option value=${i + 1} .selected=${live(i + 1 === h._month)}>${name}</option>`)}
        </select>
      </div></div>`;
    } else if (kind === 'quarter') {
      fields = html`<div class="fields">${yearField}<div class="field">
        <label for="quarter">${msg(loc, 'period.quarter')}</label>
        <select id="quarter" @change=${(e: Event) => (h._quarter = Number((e.target as HTMLSelectElement).value) as 1 | 2 | 3 | 4)}>
          ${([1, 2, 3, 4] as const).map((q) => html`<option value=${q} .selected=${live(q === h._quarter)}>${msg(loc, 'period.quarterOption', { quarter: q })}</option>`)}
        </select>
      </div></div>`;
    } else if (kind === 'year') {
      fields = html`<div class="fields">${yearField}</div>`;
    } else {
      const error = h._rangeError ? msg(loc, h._rangeError) : '';
      const dateInput = (id: 'from' | 'to', value: string): TemplateResult => html`<div class="field">
        <label for=${id}>${msg(loc, id === 'from' ? 'period.from' : 'period.to')}</label>
        <input type="date" id=${id} min="1970-01-01" max="9999-12-31" .value=${value}
          aria-invalid=${h._invalid[id] ? 'true' : 'false'} aria-describedby="range-error"
          @input=${this._onDateInput}>
      </div>`;
      fields = html`<div>
        <div class="fields">${dateInput('from', h._from)}${dateInput('to', h._to)}</div>
        <p part="error" id="range-error" class="error" role="alert">${error ? html`<span dir="auto">${error}</span>` : nothing}</p>
      </div>`;
    }
    return html`<form part="chooser" id="chooser" class="chooser" novalidate aria-labelledby="chooser-title"
      @submit=${this._onApply} @keydown=${this._onChooserKeydown}>
      <div class="chooser-head">
        <button type="button" class="back" aria-label=${msg(loc, 'period.back')} @click=${this.backToList}>${icon(BACK)}</button>
        <span id="chooser-title" class="chooser-title">${msg(loc, TITLE_KEYS[kind])}</span>
      </div>
      ${fields}
      <div class="actions"><button part="apply" class="apply" type="submit">${msg(loc, 'period.apply')}</button></div>
    </form>`;
  }

  /** Scrolls the popup (only the popup: never the page) so that the active option is visible. */
  revealActive(): void {
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
  place(): void {
    const host = this.host;
    const popup = this._popup;
    if (!popup) return;
    popup.classList.remove('above', 'end');
    popup.style.removeProperty('--_popup-max');
    const rect = host.getBoundingClientRect();
    const margin = 8;
    const below = window.innerHeight - rect.bottom - margin;
    const above = rect.top - margin;
    const flip = popup.offsetHeight > below && above > below;
    popup.classList.toggle('above', flip);
    popup.style.setProperty('--_popup-max', `${Math.max(160, Math.floor(flip ? above : below))}px`);
    const rtl = getComputedStyle(host).direction === 'rtl';
    const box = popup.getBoundingClientRect();
    const overflows = rtl ? box.left < 0 : box.right > window.innerWidth;
    const fitsOtherWay = rtl ? rect.left + box.width <= window.innerWidth : rect.right - box.width >= 0;
    popup.classList.toggle('end', overflows && fitsOtherWay);
  }

  // ------------------------------------------------------------------------------------------
  // Interaction

  private _setActive(index: number): void {
    const count = this._visible().length;
    if (count > 0) this.host._active = Math.min(count - 1, Math.max(0, index));
  }

  private _onListboxKeydown = (e: KeyboardEvent): void => {
    const h = this.host;
    const visible = this._visible();
    const handled = (): void => { e.preventDefault(); e.stopPropagation(); };
    switch (e.key) {
      case 'ArrowDown': handled(); this._setActive(h._active + 1); return;
      case 'ArrowUp': handled(); this._setActive(h._active - 1); return;
      case 'Home': case 'PageUp': handled(); this._setActive(0); return;
      case 'End': case 'PageDown': handled(); this._setActive(visible.length - 1); return;
      case 'Enter': case ' ': {
        handled();
        if (e.key === ' ' && this._typed && performance.now() - this._typedAt < TYPEAHEAD_MS) {
          this._typeahead(' '); // a space inside a typed label ("last m…")
          return;
        }
        const choice = visible[h._active];
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
    const h = this.host;
    const now = performance.now();
    this._typed = now - this._typedAt > TYPEAHEAD_MS ? key : this._typed + key;
    this._typedAt = now;
    const loc = h._locale();
    // The same letter typed again cycles through the options starting with it.
    const repeated = [...this._typed].every((c) => c === key);
    const needle = (repeated ? key : this._typed).toLocaleLowerCase(loc);
    const visible = this._visible();
    const start = repeated ? h._active + 1 : h._active;
    for (let i = 0; i < visible.length; i++) {
      const index = (start + i) % visible.length;
      if (this._optionLabel(visible[index]!, loc).toLocaleLowerCase(loc).startsWith(needle)) {
        h._active = index;
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
    const h = this.host;
    const tz = this._timeZone();
    const today = civilDateOf(this._now(), tz);
    const p = h._period;
    h._year = p.kind === 'month' || p.kind === 'quarter' || p.kind === 'year' ? p.year : today.year;
    h._month = p.kind === 'month' ? p.month : today.month;
    h._quarter = p.kind === 'quarter' ? p.quarter : (Math.ceil(today.month / 3) as 1 | 2 | 3 | 4);
    let start: CivilDate = today;
    let last: CivilDate = today;
    if (p.kind === 'range') ({ start, end: last } = p);
    else if (!(p.kind === 'preset' && p.preset === 'all-time')) {
      const r = resolvePeriod(p, this._now(), tz, h._locale());
      start = r.start;
      last = addDays(r.end, -1);
    }
    h._from = formatCivil(start);
    h._to = formatCivil(last);
    h._rangeError = '';
    h._invalid = { from: false, to: false };
    h._chooser = kind;
    this._focusNext = 'chooser';
  }

  backToList = (): void => {
    const h = this.host;
    const index = h._chooser ? this._visible().indexOf(h._chooser) : -1;
    h._chooser = null;
    if (index >= 0) h._active = index;
    this._focusNext = 'listbox';
  };

  private _onChooserKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.backToList();
    }
  };

  private _onDateInput = (e: Event): void => {
    const h = this.host;
    const input = e.target as HTMLInputElement;
    if (input.id === 'from') h._from = input.value;
    else h._to = input.value;
    if (h._rangeError) {
      h._rangeError = '';
      h._invalid = { from: false, to: false };
    }
  };

  private _onApply = (e: Event): void => {
    e.preventDefault();
    const h = this.host;
    const kind = h._chooser;
    if (kind === 'month') this._commit({ kind, year: h._year, month: h._month });
    else if (kind === 'quarter') this._commit({ kind, year: h._year, quarter: h._quarter });
    else if (kind === 'year') this._commit({ kind, year: h._year });
    else if (kind === 'range') {
      const form = e.currentTarget as HTMLFormElement;
      const read = (id: string): string => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
      const start = parseDate(read('from'));
      const end = parseDate(read('to'));
      if (!start || !end) {
        h._rangeError = 'period.invalidDate';
        h._invalid = { from: !start, to: !end };
      } else if (compareCivil(start, end) > 0) {
        h._rangeError = 'period.invalidRange';
        h._invalid = { from: true, to: true };
      } else {
        this._commit({ kind: 'range', start, end });
        return;
      }
      // Leave focus on the first offending field; the alert announces the message.
      void h.updateComplete.then(() => h.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
  };
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
