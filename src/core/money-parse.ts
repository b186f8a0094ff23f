/**
 * Amounts from text or numbers, exactly: the adapters' reading of a source's amounts. A module of
 * its own (the main bundle does not parse amounts: adapters are lazy chunks).
 */
import type { Money } from './model.js';
import { MoneyError, currencyInfo, toDecimal, toSafe, type Decimal } from './money.js';

/** `coef × 10^shift` exactly as a bigint, or `undefined` when digits would be dropped. */
function shifted({ coef, scale }: Decimal, exponent: number): bigint | undefined {
  const shift = scale + exponent;
  if (shift >= 0) return coef * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  return coef % div === 0n ? coef / div : undefined;
}

/**
 * Parses an amount exactly into minor units: `parseMoney("19999.99", "EUR")` and
 * `parseMoney(19999.99, "eur")` both give `{ minor: 1999999, currency: "EUR" }`.
 * Accepts a sign, surrounding white space and trailing zeros ("1.500" EUR); rejects anything else.
 * @throws MoneyError `unknown-currency`; `invalid-amount` ("", "abc", "1,5", "1.2.3", NaN, ±Infinity);
 * `precision` when non-zero digits lie beyond the currency's exponent ("0.005" EUR, or the number
 * 0.1 + 0.2); `overflow` beyond `Number.MAX_SAFE_INTEGER` minor units.
 */
export function parseMoney(value: string | number, currency: string): Money {
  const [code, exp] = currencyInfo(currency);
  const dec = toDecimal(value);
  if (!dec) throw new MoneyError('invalid-amount', `Invalid amount ${JSON.stringify(String(value))}`);
  const minor = shifted(dec, exp);
  if (minor === undefined) {
    throw new MoneyError('precision', `Amount ${String(value)} has more than ${exp} decimal places for ${code}`);
  }
  return { minor: toSafe(minor, () => `Amount ${String(value)} ${code}`), currency: code };
}
