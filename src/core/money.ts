/**
 * Exact money (SPEC §4): amounts are integer counts of minor units (`Money.minor`), parsed from
 * decimal strings without going through binary floats, summed per currency with integer addition
 * and converted with BigInt arithmetic from decimal-string rates. Pure TS, no DOM.
 */
import type { CurrencyCode, Money, RateTable } from './model.js';
import { intlFormatter } from './intl.js';

export type MoneyErrorCode =
  | 'invalid-amount'
  | 'unknown-currency'
  | 'precision'
  | 'overflow'
  | 'missing-rate'
  | 'invalid-rate';

/** Every failure of this module; `code` tells the kind, `message` names the offending value. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Currencies

/**
 * ISO 4217 minor units of the currencies whose exponent is not 2. Intl's `maximumFractionDigits`
 * are CLDR *display* digits: they differ from ISO 4217 for ~17 codes (AFN, COP, HUF, IDR, IQD, PKR…
 * show 0 digits) and change between ICU versions, which would make minor units engine-dependent and
 * reject legitimate amounts such as "1500.50 HUF". Other codes use max(2, Intl digits).
 */
const ISO_EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

let knownCodes: Set<string> | undefined;
/** Raw code as given → [upper-case code, exponent]; only known codes are cached. */
const infos = new Map<string, readonly [CurrencyCode, number]>();

function lookup(code: string): readonly [CurrencyCode, number] | undefined {
  const hit = infos.get(code);
  if (hit) return hit;
  const upper = String(code).toUpperCase();
  knownCodes ??= new Set([...Intl.supportedValuesOf('currency'), ...Object.keys(ISO_EXPONENT)]);
  if (!knownCodes.has(upper)) return undefined;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: upper }).resolvedOptions().maximumFractionDigits;
  const info = [upper, ISO_EXPONENT[upper] ?? Math.max(2, digits ?? 2)] as const;
  infos.set(code, info);
  return info;
}

/**
 * Number of minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3), or `undefined` when the
 * code is unknown to this engine's Intl. Case-insensitive.
 */
export function currencyExponent(code: string): number | undefined {
  return lookup(code)?.[1];
}

/** Whether `code` (any case) is an ISO 4217 currency this engine knows. */
export function isKnownCurrency(code: string): boolean {
  return lookup(code) !== undefined;
}

/** Upper-cased code and its exponent, or a `unknown-currency` error. @internal (money-parse.ts) */
export function currencyInfo(code: string): readonly [CurrencyCode, number] {
  const info = lookup(code);
  if (!info) throw new MoneyError('unknown-currency', `Unknown currency code ${JSON.stringify(code)}`);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Exact decimals

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** A decimal as `coefficient × 10^scale` (coefficient may be negative). */
export interface Decimal {
  coef: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:e([+-]?\d+))?$/i;

/**
 * Parses a decimal string; numbers go through `String(n)` (the shortest round-trip decimal), whose
 * exponent notation ("1e-7", "1e+21") is accepted for numbers only. `undefined` when malformed.
 * @internal (money-parse.ts)
 */
export function toDecimal(value: string | number): Decimal | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else return undefined;
  const m = DECIMAL.exec(text);
  // The exponent, for numbers only.
  if (!m || (m[5] !== undefined && typeof value !== 'number')) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? m[4] ?? '';
  const coef = BigInt(int + frac || '0');
  return { coef: m[1] === '-' ? -coef : coef, scale: Number(m[5] ?? 0) - frac.length };
}

/** Integer division rounded half to even; `den` > 0. */
function divHalfEven(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / den;
  const twice = (abs % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

/** `minor` as a number, or the `overflow` error naming `what()`. @internal (money-parse.ts) */
export function toSafe(minor: bigint, what: () => string): number {
  if (minor > MAX || minor < -MAX) throw new MoneyError('overflow', `${what()} exceeds the safe integer range of minor units`);
  return Number(minor);
}

/** Renders `coef × 10^-digits` as a plain decimal string ("-0.50"). */
function decimalString(coef: bigint, digits: number): string {
  const neg = coef < 0n;
  const s = (neg ? -coef : coef).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return neg ? `-${body}` : body;
}

// ---------------------------------------------------------------------------------------------
// Money

/**
 * Validating constructor: `minor` must be a safe integer, `currency` a known code (upper-cased).
 * @throws MoneyError `invalid-amount` (non-integer), `overflow` (unsafe integer), `unknown-currency`.
 */
export function money(minor: number, currency: string): Money {
  const [code] = currencyInfo(currency);
  if (!Number.isInteger(minor)) throw new MoneyError('invalid-amount', `Minor units must be an integer, got ${String(minor)}`);
  if (!Number.isSafeInteger(minor)) throw new MoneyError('overflow', `Minor units ${String(minor)} exceed the safe integer range`);
  return { minor: minor + 0, currency: code }; // + 0 turns -0 into 0
}

/** Locale-independent plain decimal: "19999.99", "-0.50", "1500" (JPY), "1.234" (KWD). */
export function toDecimalString(m: Money): string {
  const [, exp] = currencyInfo(m.currency);
  return decimalString(BigInt(money(m.minor, m.currency).minor), exp);
}

/**
 * Formats with `Intl.NumberFormat` currency style, e.g. "€19,999.99" (en-US), "19 999,99 €"
 * (fr-FR, narrow no-break spaces). The exact decimal string is formatted, not a float. `compact`
 * uses compact notation ("€1.2M"). Formatters are cached per (locale, currency, compact).
 */
export function formatMoney(m: Money, locale: string, options: { compact?: boolean } = {}): string {
  const [code] = currencyInfo(m.currency);
  const compact = options.compact === true;
  const fmt = intlFormatter(Intl.NumberFormat, locale, { style: 'currency', currency: code, ...(compact ? { notation: 'compact' } : {}) });
  return fmt.format(toDecimalString(m) as `${number}`);
}

// ---------------------------------------------------------------------------------------------
// MoneyBag

/**
 * Exact per-currency accumulator using integer addition of minor units, so adding 0.10 EUR ten
 * million times gives exactly 1 000 000.00 EUR. A currency stays listed once added, even if its
 * total nets to zero.
 */
export class MoneyBag {
  readonly #totals = new Map<CurrencyCode, number>();

  /** Adds an amount. @throws MoneyError `overflow` when the total leaves the safe-integer range. */
  add(m: Money): this {
    return this.addMinor(m.currency, m.minor);
  }

  /** Adds `minor` units of `currency` (validated like {@link money}). */
  addMinor(currency: string, minor: number): this {
    const [code] = currencyInfo(currency);
    if (!Number.isSafeInteger(minor)) money(minor, code); // throws the precise error
    const sum = (this.#totals.get(code) ?? 0) + minor;
    // Both operands are safe integers, so an inexact float sum is necessarily outside the safe range.
    if (!Number.isSafeInteger(sum)) throw new MoneyError('overflow', `Total of ${code} exceeds the safe integer range of minor units`);
    this.#totals.set(code, sum);
    return this;
  }

  /** Adds every total of `other` to this bag. */
  merge(other: MoneyBag): this {
    for (const [code, minor] of other.entries()) this.addMinor(code, minor);
    return this;
  }

  /** Total in minor units of `currency` (0 when absent). */
  get(currency: string): number {
    return this.#totals.get(String(currency).toUpperCase()) ?? 0;
  }

  /** Currencies added so far, sorted. */
  currencies(): CurrencyCode[] {
    return [...this.#totals.keys()].sort();
  }

  isEmpty(): boolean {
    return this.#totals.size === 0;
  }

  /** `[currency, minor]` pairs sorted by currency. */
  entries(): [CurrencyCode, number][] {
    return this.currencies().map((c) => [c, this.#totals.get(c) ?? 0]);
  }

  /** `{ EUR: 1999999, USD: 500 }` (minor units, sorted keys). */
  toJSON(): Record<CurrencyCode, number> {
    return Object.fromEntries(this.entries());
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** One original-currency total of a {@link Conversion}. */
export interface ConversionLine {
  readonly currency: CurrencyCode;
  readonly amount: Money;
  /** Units of the target currency one unit of `currency` is worth; `null` when not convertible. */
  readonly rate: string | null;
  /** `amount` in the target currency; `null` when a rate is missing or invalid. */
  readonly converted: Money | null;
}

/** A bag converted to one currency, keeping the original-currency breakdown. */
export interface Conversion {
  /** Sum of the converted lines only. */
  readonly total: Money;
  readonly lines: ConversionLine[];
  /** Currencies of the bag whose amounts are not in `total` (no usable rate). */
  readonly missing: CurrencyCode[];
  readonly rateDate?: number;
}

/** The rate of `code` in `rates.base` units as a decimal; the base itself is "1". */
function rateOf(code: CurrencyCode, rates: RateTable | undefined): Decimal {
  if (rates && code === String(rates.base).toUpperCase()) return { coef: 1n, scale: 0 };
  const raw = rates?.rates[code] as string | number | undefined;
  if (raw === undefined || raw === null) {
    throw new MoneyError('missing-rate', `No exchange rate for ${code}${rates ? ` (base ${rates.base})` : ''}`);
  }
  const dec = toDecimal(raw);
  if (!dec || dec.coef <= 0n) throw new MoneyError('invalid-rate', `Invalid exchange rate ${JSON.stringify(raw)} for ${code}`);
  return dec;
}

/** minor × from / to, rescaled from exponent `ef` to `et`: the exact ratio as num/den. */
function ratio(from: Decimal, to: Decimal, ef: number, et: number): [bigint, bigint] {
  const p = from.scale - to.scale + et - ef;
  return p >= 0 ? [from.coef * pow10(p), to.coef] : [from.coef, to.coef * pow10(-p)];
}

/**
 * Converts exactly: `m × rate(from) / rate(to)` through `rates.base`, rounded half to even to the
 * target currency's exponent. Same currency returns `m` unchanged without needing a rate.
 * @throws MoneyError `missing-rate` (names the currency), `invalid-rate` (not a positive decimal),
 * `unknown-currency`, `overflow`.
 */
export function convert(m: Money, to: CurrencyCode, rates: RateTable): Money {
  const src = money(m.minor, m.currency);
  const [target, et] = currencyInfo(to);
  if (src.currency === target) return src;
  const [, ef] = currencyInfo(src.currency);
  const [num, den] = ratio(rateOf(src.currency, rates), rateOf(target, rates), ef, et);
  const minor = divHalfEven(BigInt(src.minor) * num, den);
  return { minor: toSafe(minor, () => `${toDecimalString(src)} ${src.currency} in ${target}`), currency: target };
}

/** Effective rate from → to as a decimal string, exact when it terminates within 12 places. */
function rateString(from: Decimal, to: Decimal): string {
  const [num, den] = ratio(from, to, 0, 12);
  return decimalString(divHalfEven(num, den), 12).replace(/\.?0+$/, '');
}

/**
 * Converts each currency total of `bag` once into `to`. Currencies without a usable rate (missing
 * or invalid, or no table at all) are listed in `missing` with `converted: null` and are left out of
 * `total`: amounts in different currencies are never summed raw.
 * @throws MoneyError `unknown-currency` for `to`, `overflow` when the total leaves the safe range.
 */
export function convertBag(bag: MoneyBag, to: CurrencyCode, rates: RateTable | undefined): Conversion {
  const [target] = currencyInfo(to);
  const lines: ConversionLine[] = [];
  const missing: CurrencyCode[] = [];
  let total = 0;
  for (const [currency, minor] of bag.entries()) {
    const amount: Money = { minor, currency };
    let rate: string | null = null;
    let converted: Money | null = null;
    if (currency === target) {
      rate = '1';
      converted = amount;
    } else if (rates) {
      try {
        converted = convert(amount, target, rates);
        rate = rateString(rateOf(currency, rates), rateOf(target, rates));
      } catch (e) {
        if (!(e instanceof MoneyError) || (e.code !== 'missing-rate' && e.code !== 'invalid-rate')) throw e;
      }
    }
    if (converted) {
      total += converted.minor;
      if (!Number.isSafeInteger(total)) throw new MoneyError('overflow', `Converted total in ${target} exceeds the safe integer range`);
    } else missing.push(currency);
    lines.push({ currency, amount, rate, converted });
  }
  const result: Conversion = { total: { minor: total, currency: target }, lines, missing };
  return rates?.asOf === undefined ? result : { ...result, rateDate: rates.asOf };
}
