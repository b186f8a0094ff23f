/**
 * What `<crm-period-picker>` (always loaded) and its popup (period-picker-popup.ts, loaded on the
 * first open) share: the choices, the icon template and the host's internal state the
 * popup reads and writes.
 */
import { html, type svg, type TemplateResult } from 'lit';
import { BITRIX24_PERIOD_CHOICES, PERIOD_PRESETS, type Period, type PeriodPreset } from '../../core/period-base.js';

/** An entry of the picker: a preset, or one of the month / quarter / year / custom-range choosers. */
export type PeriodChoice = PeriodPreset | 'month' | 'quarter' | 'year' | 'range';
export type Chooser = 'month' | 'quarter' | 'year' | 'range';
export type RangeError = '' | 'period.invalidRange' | 'period.invalidDate';

/** Bitrix24's nine, in its order. */
export const MAIN: readonly PeriodChoice[] = BITRIX24_PERIOD_CHOICES;
/** Everything else, after a separator: today, yesterday, weeks, last month/quarter, years, all time, custom range. */
export const MORE: readonly PeriodChoice[] = [...PERIOD_PRESETS.filter((p) => !MAIN.includes(p)), 'range'];

export const icon = (content: ReturnType<typeof svg>, cls = ''): TemplateResult => html`<svg
  class="icon ${cls}" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5"
  stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${content}</svg>`;

/** The picker's internal state and helpers, as the popup module sees them (private in the class). */
export interface PickerInternals extends HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(name?: PropertyKey, oldValue?: unknown): void;
  value: string;
  open: boolean;
  readonly disabled: boolean;
  _period: Period;
  _validValue: string;
  _active: number;
  _chooser: Chooser | null;
  _year: number;
  _month: number;
  _quarter: 1 | 2 | 3 | 4;
  _from: string;
  _to: string;
  _rangeError: RangeError;
  _invalid: { from: boolean; to: boolean };
  readonly timeZone?: string;
  readonly now?: number;
  /** The choices shown, in order (\`presets\`). */
  readonly _choices: readonly PeriodChoice[];
  _locale(): string;
}
