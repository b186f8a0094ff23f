import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { RateTable } from '../../src/core/model.js';
import {
  MoneyBag,
  MoneyError,
  type MoneyErrorCode,
  convert,
  convertBag,
  currencyExponent,
  formatMoney,
  isKnownCurrency,
  money,
  toDecimalString,
} from '../../src/core/money.js';
import { parseMoney } from '../../src/core/money-parse.js';

/** Asserts that `fn` throws a MoneyError with `code` whose message mentions `mention`. */
function expectError(fn: () => unknown, code: MoneyErrorCode, mention?: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a MoneyError').to.be.instanceOf(MoneyError);
  const err = error as MoneyError;
  expect(err.name).to.equal('MoneyError');
  expect(err.code).to.equal(code);
  if (mention !== undefined) expect(err.message).to.contain(mention);
}

const MAX = Number.MAX_SAFE_INTEGER;

describe('money', () => {
  describe('currencies', () => {
    it('gives ISO 4217 exponents, case-insensitively', () => {
      expect(['JPY', 'EUR', 'KWD', 'BHD', 'CLP', 'usd', 'eur'].map(currencyExponent)).to.deep.equal([0, 2, 3, 3, 0, 2, 2]);
    });

    it('uses ISO 4217, not CLDR display digits, where they disagree', () => {
      // CLDR/ICU show 0 digits for these (and the set varies by engine version).
      expect(['HUF', 'COP', 'IDR', 'PKR', 'RSD', 'IQD'].map(currencyExponent)).to.deep.equal([2, 2, 2, 2, 2, 3]);
    });

    it('rejects unknown codes', () => {
      expect(currencyExponent('XYZ')).to.equal(undefined);
      expect(currencyExponent('')).to.equal(undefined);
      expect(isKnownCurrency('EUR')).to.equal(true);
      expect(isKnownCurrency('gbp')).to.equal(true);
      expect(isKnownCurrency('EURO')).to.equal(false);
    });
  });

  describe('parseMoney', () => {
    it('parses decimal strings exactly', () => {
      expect(parseMoney('19999.99', 'EUR')).to.deep.equal({ minor: 1999999, currency: 'EUR' });
      expect(parseMoney('  -19999.990000 ', 'eur')).to.deep.equal({ minor: -1999999, currency: 'EUR' });
      expect(parseMoney('+0.10', 'EUR')).to.deep.equal({ minor: 10, currency: 'EUR' });
      expect(parseMoney('.5', 'EUR').minor).to.equal(50);
      expect(parseMoney('7.', 'EUR').minor).to.equal(700);
      expect(parseMoney('1500', 'JPY')).to.deep.equal({ minor: 1500, currency: 'JPY' });
      expect(parseMoney('1500.000', 'JPY').minor).to.equal(1500);
      expect(parseMoney('1.234', 'KWD')).to.deep.equal({ minor: 1234, currency: 'KWD' });
      expect(parseMoney('0.001', 'KWD').minor).to.equal(1);
      expect(parseMoney('90071992547409.91', 'EUR').minor).to.equal(MAX);
      expect(Object.is(parseMoney('-0.00', 'EUR').minor, 0)).to.equal(true);
    });

    it('parses numbers through their shortest decimal', () => {
      expect(parseMoney(19999.99, 'EUR')).to.deep.equal({ minor: 1999999, currency: 'EUR' });
      expect(parseMoney(0.1, 'EUR').minor).to.equal(10);
      expect(parseMoney(-1500, 'JPY').minor).to.equal(-1500);
      expect(parseMoney(1.234, 'KWD').minor).to.equal(1234);
      expect(Object.is(parseMoney(-0, 'EUR').minor, 0)).to.equal(true);
    });

    it('rejects malformed amounts with invalid-amount', () => {
      for (const bad of ['', '  ', 'abc', '1,5', '1.2.3', '.', '-', '1e3', '0x10', '1 000', '€5', NaN, Infinity, -Infinity]) {
        expectError(() => parseMoney(bad, 'EUR'), 'invalid-amount', String(bad));
      }
    });

    it('refuses to drop significant digits (precision)', () => {
      expectError(() => parseMoney('0.005', 'EUR'), 'precision', '0.005');
      expectError(() => parseMoney('1500.5', 'JPY'), 'precision', 'JPY');
      expectError(() => parseMoney('1.2345', 'KWD'), 'precision', '1.2345');
      expectError(() => parseMoney(0.1 + 0.2, 'EUR'), 'precision', '0.30000000000000004');
      expectError(() => parseMoney(1e-7, 'EUR'), 'precision', '1e-7');
    });

    it('reports overflow beyond MAX_SAFE_INTEGER minor units', () => {
      expectError(() => parseMoney('90071992547409.92', 'EUR'), 'overflow', '90071992547409.92');
      expectError(() => parseMoney('-9007199254740992', 'JPY'), 'overflow');
      expectError(() => parseMoney(1e21, 'JPY'), 'overflow', '1e+21');
    });

    it('reports unknown currencies', () => {
      expectError(() => parseMoney('1', 'XYZ'), 'unknown-currency', 'XYZ');
    });
  });

  describe('money / toDecimalString', () => {
    it('validates', () => {
      expect(money(-0, 'eur')).to.deep.equal({ minor: 0, currency: 'EUR' });
      expectError(() => money(1.5, 'EUR'), 'invalid-amount', '1.5');
      expectError(() => money(NaN, 'EUR'), 'invalid-amount');
      expectError(() => money(2 ** 53, 'EUR'), 'overflow');
      expectError(() => money(1, 'xyz'), 'unknown-currency', 'xyz');
    });

    it('renders plain locale-independent decimals', () => {
      expect(toDecimalString({ minor: 1999999, currency: 'EUR' })).to.equal('19999.99');
      expect(toDecimalString({ minor: -50, currency: 'EUR' })).to.equal('-0.50');
      expect(toDecimalString({ minor: 0, currency: 'EUR' })).to.equal('0.00');
      expect(toDecimalString({ minor: 1500, currency: 'JPY' })).to.equal('1500');
      expect(toDecimalString({ minor: 1234, currency: 'KWD' })).to.equal('1.234');
      expect(toDecimalString({ minor: -5, currency: 'KWD' })).to.equal('-0.005');
      expect(toDecimalString({ minor: MAX, currency: 'EUR' })).to.equal('90071992547409.91');
    });
  });

  describe('formatMoney', () => {
    it('formats en-US', () => {
      expect(formatMoney({ minor: 123456, currency: 'EUR' }, 'en-US')).to.equal('€1,234.56');
      expect(formatMoney({ minor: -50, currency: 'USD' }, 'en-US')).to.equal('-$0.50');
      expect(formatMoney({ minor: 1500, currency: 'JPY' }, 'en-US')).to.equal('¥1,500');
      expect(formatMoney({ minor: 1234, currency: 'KWD' }, 'en-US')).to.equal('KWD\u00a01.234');
      expect(formatMoney({ minor: MAX, currency: 'EUR' }, 'en-US')).to.equal('€90,071,992,547,409.91');
      expect(formatMoney({ minor: 123456789, currency: 'EUR' }, 'en-US', { compact: true })).to.equal('€1.2M');
    });

    it('formats fr-FR with narrow no-break spaces', () => {
      expect(formatMoney({ minor: 123456, currency: 'EUR' }, 'fr-FR')).to.equal('1\u202f234,56\u00a0€');
      expect(formatMoney({ minor: -50, currency: 'EUR' }, 'fr-FR')).to.equal('-0,50\u00a0€');
      expect(formatMoney({ minor: 1234, currency: 'KWD' }, 'fr-FR')).to.equal('1,234\u00a0KWD');
      expect(formatMoney({ minor: 123456789, currency: 'EUR' }, 'fr-FR', { compact: true })).to.equal('1,2\u00a0M\u00a0€');
      // the cached formatter gives the same answer, and non-compact is a separate cache entry
      expect(formatMoney({ minor: 123456, currency: 'EUR' }, 'fr-FR')).to.equal('1\u202f234,56\u00a0€');
    });
  });

  describe('MoneyBag', () => {
    it('sums 0.10 EUR ten million times exactly', () => {
      const dime = parseMoney('0.1', 'EUR');
      const bag = new MoneyBag();
      for (let i = 0; i < 10_000_000; i++) bag.add(dime);
      expect(bag.get('EUR')).to.equal(100_000_000);
      expect(toDecimalString({ minor: bag.get('EUR'), currency: 'EUR' })).to.equal('1000000.00');
    });

    it('keeps currencies apart, sorted', () => {
      const bag = new MoneyBag()
        .add(parseMoney('10.50', 'USD'))
        .add(parseMoney('1000', 'JPY'))
        .addMinor('eur', 199)
        .add(parseMoney('-0.50', 'USD'));
      expect(bag.isEmpty()).to.equal(false);
      expect(bag.currencies()).to.deep.equal(['EUR', 'JPY', 'USD']);
      expect(bag.entries()).to.deep.equal([['EUR', 199], ['JPY', 1000], ['USD', 1000]]);
      expect(bag.get('usd')).to.equal(1000);
      expect(bag.get('GBP')).to.equal(0);
      expect(JSON.stringify(bag)).to.equal('{"EUR":199,"JPY":1000,"USD":1000}');
      const other = new MoneyBag().addMinor('GBP', 5).addMinor('EUR', 1);
      expect(bag.merge(other).toJSON()).to.deep.equal({ EUR: 200, GBP: 5, JPY: 1000, USD: 1000 });
      expect(bag.merge(bag).toJSON()).to.deep.equal({ EUR: 400, GBP: 10, JPY: 2000, USD: 2000 });
      expect(new MoneyBag().isEmpty()).to.equal(true);
    });

    it('rejects bad input and overflow, leaving the total unchanged', () => {
      const bag = new MoneyBag().addMinor('EUR', MAX);
      expectError(() => bag.addMinor('EUR', 1), 'overflow', 'EUR');
      expect(bag.get('EUR')).to.equal(MAX);
      expect(bag.addMinor('EUR', -MAX).addMinor('EUR', -MAX).get('EUR')).to.equal(-MAX);
      expectError(() => bag.addMinor('EUR', 0.5), 'invalid-amount');
      expectError(() => bag.addMinor('XYZ', 1), 'unknown-currency', 'XYZ');
      expectError(() => bag.add({ minor: 2 ** 53, currency: 'EUR' }), 'overflow');
    });
  });

  describe('convert', () => {
    const rates: RateTable = { base: 'EUR', rates: { USD: '0.9', GBP: '1.2', JPY: '0.006', KWD: '3', BAD: 'x' }, asOf: 1_700_000_000_000 };
    const eur = (s: string) => parseMoney(s, 'EUR');
    const usd = (s: string) => parseMoney(s, 'USD');

    it('converts to and from the base', () => {
      expect(convert(usd('10.00'), 'EUR', rates)).to.deep.equal({ minor: 900, currency: 'EUR' });
      expect(convert(eur('9.00'), 'USD', rates)).to.deep.equal({ minor: 1000, currency: 'USD' });
      expect(convert(eur('1.00'), 'usd', rates)).to.deep.equal({ minor: 111, currency: 'USD' }); // 1.1111…
      expect(convert(eur('2.00'), 'USD', rates).minor).to.equal(222); // 2.2222…
      expect(convert(eur('5.00'), 'USD', rates).minor).to.equal(556); // 5.5555…
      expect(convert(eur('-5.00'), 'USD', rates).minor).to.equal(-556);
    });

    it('crosses through the base and changes exponent', () => {
      expect(convert(usd('9.00'), 'GBP', rates)).to.deep.equal({ minor: 675, currency: 'GBP' }); // 8.10 EUR → 6.75 GBP
      expect(convert(parseMoney('1000', 'JPY'), 'KWD', rates)).to.deep.equal({ minor: 2000, currency: 'KWD' }); // 6 EUR → 2 KWD
      expect(convert(parseMoney('1', 'JPY'), 'KWD', rates).minor).to.equal(2); // 0.002 KWD
      expect(convert(parseMoney('1.000', 'KWD'), 'JPY', rates)).to.deep.equal({ minor: 500, currency: 'JPY' });
      expect(convert(parseMoney('0.001', 'KWD'), 'USD', rates).minor).to.equal(0); // 0.00333… USD
    });

    it('is exact with long rate strings and large amounts', () => {
      const r: RateTable = { base: 'EUR', rates: { USD: '1.123456789012' } };
      // reference values from Python's decimal module (ROUND_HALF_EVEN)
      expect(convert(usd('1234567.89'), 'EUR', r).minor).to.equal(138698368); // 1386983.677516…
      expect(convert(eur('1234567.89'), 'USD', r).minor).to.equal(109890109); // 1098901.089988…
      expect(convert(usd('90071992547.40'), 'EUR', r).minor).to.equal(10119199152721);
    });

    it('rounds half to even at the target exponent', () => {
      const half: RateTable = { base: 'EUR', rates: { USD: '0.5', JPY: '0.02' } };
      const cents = [1, 3, 5, 7, 9, -1, -3, -5, 0].map((c) => convert({ minor: c, currency: 'USD' }, 'EUR', half).minor);
      expect(cents).to.deep.equal([0, 2, 2, 4, 4, 0, -2, -2, 0]);
      // 1 JPY = 0.02 EUR, so 0.01 EUR = 0.5 JPY
      const yen = [1, 3, 5, 7, -7].map((c) => convert({ minor: c, currency: 'EUR' }, 'JPY', half).minor);
      expect(yen).to.deep.equal([0, 2, 2, 4, -4]);
      // just off the tie goes to the nearest
      expect(convert({ minor: 1, currency: 'USD' }, 'EUR', { base: 'EUR', rates: { USD: '0.5000001' } }).minor).to.equal(1);
      expect(convert({ minor: 3, currency: 'USD' }, 'EUR', { base: 'EUR', rates: { USD: '0.4999999' } }).minor).to.equal(1);
    });

    it('returns the same currency unchanged without needing rates', () => {
      expect(convert(parseMoney('12.34', 'CHF'), 'chf', { base: 'EUR', rates: {} })).to.deep.equal({ minor: 1234, currency: 'CHF' });
    });

    it('treats the base rate as 1', () => {
      expect(convert(eur('10.00'), 'USD', { base: 'EUR', rates: { EUR: '7', USD: '0.5' } }).minor).to.equal(2000);
    });

    it('reports missing and invalid rates', () => {
      expectError(() => convert(parseMoney('1', 'CHF'), 'EUR', rates), 'missing-rate', 'CHF');
      expectError(() => convert(eur('1'), 'CHF', rates), 'missing-rate', 'CHF');
      for (const bad of ['0', '0.000', '-1', 'abc', '', '1,2', '1e3']) {
        expectError(() => convert(usd('1'), 'EUR', { base: 'EUR', rates: { USD: bad } }), 'invalid-rate', 'USD');
      }
      expectError(() => convert(usd('1'), 'XYZ', rates), 'unknown-currency', 'XYZ');
    });

    it('reports overflow', () => {
      expectError(() => convert({ minor: MAX, currency: 'EUR' }, 'JPY', rates), 'overflow', 'JPY');
    });
  });

  describe('convertBag', () => {
    const rates: RateTable = { base: 'EUR', rates: { USD: '0.9', JPY: '0.006', XAF: 'n/a' }, asOf: 1_700_000_000_000 };
    const bag = () =>
      new MoneyBag()
        .add(parseMoney('10.00', 'USD'))
        .add(parseMoney('1000', 'JPY'))
        .add(parseMoney('5.00', 'CHF'))
        .add(parseMoney('1.00', 'EUR'))
        .add(parseMoney('100', 'XAF'));

    it('converts what it can and lists the rest as missing', () => {
      const c = convertBag(bag(), 'EUR', rates);
      expect(c.total).to.deep.equal({ minor: 100 + 600 + 900, currency: 'EUR' });
      expect(c.missing).to.deep.equal(['CHF', 'XAF']);
      expect(c.rateDate).to.equal(1_700_000_000_000);
      expect(c.lines).to.deep.equal([
        { currency: 'CHF', amount: { minor: 500, currency: 'CHF' }, rate: null, converted: null },
        { currency: 'EUR', amount: { minor: 100, currency: 'EUR' }, rate: '1', converted: { minor: 100, currency: 'EUR' } },
        { currency: 'JPY', amount: { minor: 1000, currency: 'JPY' }, rate: '0.006', converted: { minor: 600, currency: 'EUR' } },
        { currency: 'USD', amount: { minor: 1000, currency: 'USD' }, rate: '0.9', converted: { minor: 900, currency: 'EUR' } },
        { currency: 'XAF', amount: { minor: 100, currency: 'XAF' }, rate: null, converted: null },
      ]);
    });

    it('gives cross rates to a non-base target', () => {
      const c = convertBag(bag(), 'USD', rates);
      expect(c.lines.map((l) => [l.currency, l.rate, l.converted?.minor ?? null])).to.deep.equal([
        ['CHF', null, null],
        ['EUR', '1.111111111111', 111],
        ['JPY', '0.006666666667', 667],
        ['USD', '1', 1000],
        ['XAF', null, null],
      ]);
      expect(c.total).to.deep.equal({ minor: 111 + 667 + 1000, currency: 'USD' });
    });

    it('without rates converts only the target currency', () => {
      const c = convertBag(bag(), 'usd', undefined);
      expect(c.total).to.deep.equal({ minor: 1000, currency: 'USD' });
      expect(c.missing).to.deep.equal(['CHF', 'EUR', 'JPY', 'XAF']);
      expect('rateDate' in c).to.equal(false);
    });

    it('lists everything as missing when the target has no rate', () => {
      const c = convertBag(bag(), 'GBP', rates);
      expect(c.total).to.deep.equal({ minor: 0, currency: 'GBP' });
      expect(c.missing).to.deep.equal(['CHF', 'EUR', 'JPY', 'USD', 'XAF']);
    });

    it('converts each currency total once (rounding once)', () => {
      const b = new MoneyBag();
      for (let i = 0; i < 3; i++) b.add(parseMoney('0.01', 'USD'));
      // 0.03 USD × 0.5 = 0.015 → 0.02 (half-even); converting each cent would give 0.
      expect(convertBag(b, 'EUR', { base: 'EUR', rates: { USD: '0.5' } }).total.minor).to.equal(2);
    });

    it('handles an empty bag', () => {
      expect(convertBag(new MoneyBag(), 'EUR', rates)).to.deep.equal({ total: { minor: 0, currency: 'EUR' }, lines: [], missing: [], rateDate: 1_700_000_000_000 });
    });
  });

  describe('properties', () => {
    const byExponent = ['JPY', 'EUR', 'KWD', 'CLF'] as const; // exponents 0, 2, 3, 4

    it('toDecimalString and parseMoney are inverse for every safe minor value', () => {
      for (const currency of byExponent) {
        fc.assert(
          fc.property(fc.integer({ min: -MAX, max: MAX }), (minor) => {
            const text = toDecimalString(money(minor, currency));
            expect(parseMoney(text, currency).minor).to.equal(minor);
            expect(text).to.match(currencyExponent(currency) === 0 ? /^-?\d+$/ : /^-?\d+\.\d+$/);
          }),
        );
      }
    });

    it('parses canonical decimal strings and short numbers exactly', () => {
      for (const currency of byExponent) {
        const exp = currencyExponent(currency)!;
        const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
        fc.assert(
          fc.property(fc.boolean(), fc.integer({ min: 0, max: 10 ** (15 - exp) - 1 }), digits(exp), (neg, int, frac) => {
            const expected = Number(`${int}${frac}`) * (neg ? -1 : 1) + 0;
            const text = `${neg && expected !== 0 ? '-' : ''}${int}${exp ? `.${frac}` : ''}`;
            expect(parseMoney(text, currency).minor).to.equal(expected);
            expect(toDecimalString(parseMoney(text, currency))).to.equal(text);
            // ≤ 15 significant digits: the number's shortest decimal is the same value
            expect(parseMoney(Number(text), currency).minor).to.equal(expected);
          }),
        );
      }
    });

    it('bag totals equal BigInt sums, or overflow exactly when a running sum leaves the safe range', () => {
      const item = fc.record({ currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'usd'), minor: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -MAX, max: MAX })) });
      fc.assert(
        fc.property(fc.array(item, { maxLength: 40 }), (items) => {
          const sums = new Map<string, bigint>();
          let overflows = false;
          for (const { currency, minor } of items) {
            const c = currency.toUpperCase();
            const s = (sums.get(c) ?? 0n) + BigInt(minor);
            sums.set(c, s);
            if (s > BigInt(MAX) || s < -BigInt(MAX)) {
              overflows = true;
              break;
            }
          }
          const bag = new MoneyBag();
          if (overflows) {
            expectError(() => items.forEach(({ currency, minor }) => bag.addMinor(currency, minor)), 'overflow');
          } else {
            items.forEach(({ currency, minor }) => bag.addMinor(currency, minor));
            expect(bag.toJSON()).to.deep.equal(Object.fromEntries([...sums].sort().map(([c, s]) => [c, Number(s)])));
          }
        }),
      );
    });

    it('converting with a power-of-ten rate and back is the identity', () => {
      const r: RateTable = { base: 'EUR', rates: { USD: '1', JPY: '0.01', KWD: '10' } };
      fc.assert(
        fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('USD', 'JPY', 'KWD'), (minor, to) => {
          const m = money(minor, 'EUR');
          expect(convert(convert(m, to, r), 'EUR', r)).to.deep.equal(m);
        }),
      );
    });
  });
});
