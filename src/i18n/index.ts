/**
 * Localisation: message tables (English and French complete), plural rules and `Intl` formatting.
 * English is inline; the other tables are separate modules imported on first use (see `messagesFor`).
 *
 * Why not @lit/localize: its runtime mode needs an extraction/build step and loads locales as
 * modules; our strings are few, must switch at runtime per element (`locale` attribute, several
 * languages on one page), and plural handling comes from `Intl.PluralRules` for free. A table per
 * language plus a 40-line lookup costs less than the library and its tooling.
 */
import { CHANNELS, type Channel } from '../core/model.js';
import { formatMoney } from '../core/money.js';
import { intlFormatter } from '../core/intl.js';
import { checkedPeriod, formsOf, type Period } from '../core/period-base.js';
import type { Money } from '../core/model.js';
import { reasonOf } from '../core/text.js';
import { en, type Messages } from './en.js';

export type { Messages };
export type MessageKey = keyof Messages;
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The tables loaded so far, by language. English holds the words every page shows until a lazy
 * part's chunk adds its own (en-overlays.ts, en-*.ts: `Object.assign(messagesFor('en'), words)`).
 */
const TABLES: Record<string, Messages> = { en: { ...en } as unknown as Messages };

/**
 * The other languages' tables, imported on first use so that English-only pages never download them.
 * @internal Replaced by the tests to hold a table back.
 */
export const messageChunks: Record<string, () => Promise<Messages>> = {
  fr: () => import('./fr.js').then((m) => m.fr),
  // Partial (the period names): `msg` falls back to English key by key.
  ru: () => import('./ru.js').then((m) => m.ru as Partial<Messages> as Messages),
};

/** The loads in flight, by language (a language whose load failed is not tried again: English is its table). */
const loading = new Map<string, Promise<void>>();

/** The elements on the page (connected), re-rendered whenever a table arrives. */
export const rerendered = new Set<{ requestUpdate(): void }>();

/**
 * Starts loading the table of a locale's language (no-op when loaded, loading or unknown) and
 * returns the pending load, if any. The elements of `rerendered` re-render when it arrives; a
 * failed load is reported once with `console.warn` (English stays in use). Never rejects.
 */
export function loadMessages(locale: string): Promise<void> | undefined {
  const lang = languageOf(locale);
  const load = messageChunks[lang];
  if (lang in TABLES || !load) return undefined;
  let pending = loading.get(lang);
  if (!pending) {
    loading.set(lang, pending = load().then(
      (table) => {
        TABLES[lang] = table;
        for (const el of rerendered) el.requestUpdate();
      },
      (e: unknown) => {
        TABLES[lang] = TABLES.en!;
        console.warn(`crm-profile-widgets: the "${lang}" messages could not be loaded, using English: ${reasonOf(e)}`);
      },
    ).finally(() => loading.delete(lang)));
  }
  return pending;
}

/** A table load in flight (what an element waits for before reporting itself rendered), if any. */
export const pendingMessages = (): Promise<void> | undefined => loading.values().next().value;

/** Bitrix24 `LANG` codes and other tags mapped to the languages we have ('ua' is Bitrix24's Ukrainian). */
const ALIASES: Readonly<Record<string, string>> = { la: 'es', br: 'pt', sc: 'zh', tc: 'zh', ua: 'uk', vn: 'vi', in: 'hi', tr: 'tr' };

const canonical = new Map<string, string>();

/** The canonical BCP 47 tag for `locale` (invalid → 'en'), mapping Bitrix24 LANG codes. Cached: every render asks. */
export function normalizeLocale(locale: string | undefined | null): string {
  const raw = (locale ?? '').trim();
  if (!raw) return 'en';
  let tag = canonical.get(raw);
  if (tag === undefined) {
    const mapped = ALIASES[raw.toLowerCase()] ?? raw;
    try {
      tag = Intl.getCanonicalLocales(mapped)[0] ?? 'en';
    } catch {
      tag = 'en';
    }
    if (canonical.size < 500) canonical.set(raw, tag);
  }
  return tag;
}

/** The language subtag of a locale, lower case (`fr-CA` → `fr`; invalid → `en`). */
export function languageOf(locale: string | undefined | null): string {
  return normalizeLocale(locale).split('-')[0]!.toLowerCase();
}

/**
 * The message table for a locale: its language's table, else English. A table not loaded yet starts
 * loading and English is returned meanwhile (elements re-render when it arrives: `onMessagesLoaded`).
 * The table itself, not a copy: the English words of the lazy parts are added to it as they load.
 */
export function messagesFor(locale: string): Messages {
  const lang = languageOf(locale);
  const table = TABLES[lang];
  if (table) return table;
  void loadMessages(lang);
  return TABLES.en!;
}

/**
 * A message with `{name}` placeholders filled in. Plural messages choose their form by the
 * `count` variable through `Intl.PluralRules`; `{count}` is formatted with the locale's digits.
 */
export function msg(locale: string, key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  const loc = normalizeLocale(locale);
  const entry: string | PluralForms | undefined = messagesFor(loc)[key] ?? TABLES.en![key];
  let text: string;
  // An overlay's word asked before its chunk added it (a bug): the key, not an exception.
  if (entry === undefined) text = key;
  else if (typeof entry === 'string') text = entry;
  else {
    const n = Number(vars.count ?? 0);
    text = entry[intlFormatter(Intl.PluralRules, loc).select(n)] ?? entry.other;
  }
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = vars[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? formatNumber(v, loc) : v;
  });
}

const nf = (locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => intlFormatter(Intl.NumberFormat, locale, options);

export function formatNumber(n: number, locale: string, maximumFractionDigits = 2): string {
  return nf(normalizeLocale(locale), { maximumFractionDigits }).format(n);
}

/** A percentage given as 0–100 (not 0–1): "33.3 %" / "33,3 %". */
export function formatPercent(value: number, locale: string, maximumFractionDigits = 1): string {
  return nf(normalizeLocale(locale), { style: 'percent', maximumFractionDigits }).format(value / 100);
}

export function formatAmount(m: Money, locale: string, compact = false): string {
  return formatMoney(m, normalizeLocale(locale), { compact });
}

export function formatDate(t: number, locale: string, timeZone: string, withTime = false): string {
  // (An undefined `timeStyle` is no time: for Intl and for the formatters' cache key alike.)
  return intlFormatter(Intl.DateTimeFormat, normalizeLocale(locale), { dateStyle: 'medium', timeStyle: withTime ? 'short' : undefined, timeZone }).format(t);
}

/**
 * A period's label: preset names from the message tables (English meanwhile, and for languages
 * without them), months, years and ranges formatted by `Intl` in `locale` ("March 2026", "mars
 * 2026", "Q1 2026", "T1 2026", "Jan 1 – Feb 15, 2026": src/core/period-forms.ts). An invalid
 * locale tag reads as `en`.
 * @throws PeriodError for an invalid period.
 */
export function periodLabel(p: Period, locale: string): string {
  checkedPeriod(p);
  const loc = normalizeLocale(locale);
  return p.kind === 'preset' ? msg(loc, `period.preset.${p.preset}`) : formsOf().label(p, loc);
}

/**
 * Labels of time buckets keyed by their first day (`YYYY-MM-DD`, as `timeBuckets` gives them):
 * "2026" for years, "Aug 2026" for months, "29 Aug" for days and weeks (the keys' spacing tells).
 * Keys that are not dates are returned as they are.
 */
export function formatBuckets(keys: readonly string[], locale: string): string[] {
  // (A date-only ISO string reads as UTC midnight.)
  const days = keys.map((k) => (/^\d{4}-\d{2}-\d{2}$/.test(k) ? Date.parse(k) : NaN));
  // The second bucket's start tells the unit (the first may be clipped by the period).
  const gap = days.length > 2 ? days[2]! - days[1]! : days.length > 1 ? days[1]! - days[0]! : NaN;
  const unit = gap >= 365 * 86_400_000 || (Number.isNaN(gap) && keys.every((k) => k.endsWith('-01-01'))) ? 'year'
    : gap >= 28 * 86_400_000 || (Number.isNaN(gap) && keys.every((k) => k.endsWith('-01'))) ? 'month' : 'day';
  const f = intlFormatter(Intl.DateTimeFormat, normalizeLocale(locale), unit === 'year' ? { year: 'numeric', timeZone: 'UTC' }
    : unit === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return keys.map((k, i) => (Number.isNaN(days[i]!) ? k : f.format(days[i]!)));
}

export function channelLabel(channel: string, locale: string): string {
  const m = messagesFor(locale);
  return (CHANNELS as readonly string[]).includes(channel) ? m[`channel.${channel as Channel}`] : m['channel.other'];
}

/** The text direction of a locale ('rtl' for Arabic, Hebrew, Persian, Urdu…). */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  const lang = languageOf(locale);
  return ['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb'].includes(lang) ? 'rtl' : 'ltr';
}
