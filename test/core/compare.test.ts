import { expect } from '@open-wc/testing';
import { comparisonPeriod, isCompareMode, metricDelta } from '../../src/core/compare.js';
import type { MetricValue } from '../../src/core/evaluate.js';
import { METRICS } from '../../src/core/metrics.js';
import { formatPeriod, resolvePeriod } from '../../src/core/period.js';
import { figureDelta } from '../../src/widgets/comparison.js';
import { loadMessages } from '../../src/i18n/index.js';

const NOW = Date.UTC(2026, 10, 15, 12); // 2026-11-15
const money = (id: 'won-value' | 'sales-lost', minor: number, currency = 'EUR'): MetricValue => ({
  id, unit: 'money', value: minor, counts: {},
  money: { total: { minor, currency }, lines: [], missing: [] } as unknown as NonNullable<MetricValue['money']>,
});
const pct = (value: number | null): MetricValue => ({ id: 'deal-conversion', unit: 'percent', value, counts: {} });

describe('comparison periods', () => {
  it('previous: the month (quarter, year) before, else the same number of days; last-year: the same dates a year earlier', () => {
    const month = resolvePeriod('month:2026-03', NOW, 'UTC');
    expect(formatPeriod(comparisonPeriod(month, 'previous')!.period)).to.equal('month:2026-02');
    expect(formatPeriod(comparisonPeriod(resolvePeriod('last-30-days', NOW, 'UTC'), 'previous')!.period)).to.equal('range:2026-09-17/2026-10-16');
    expect(formatPeriod(comparisonPeriod(month, 'last-year')!.period)).to.equal('month:2025-03');
    const q = resolvePeriod('quarter:2026-Q2', NOW, 'UTC');
    expect(comparisonPeriod(q, 'previous')!.to).to.equal(q.from);
    expect(formatPeriod(comparisonPeriod(q, 'last-year')!.period)).to.equal('quarter:2025-Q2');
  });

  it('none for all-time (previous) and before 1970', () => {
    expect(comparisonPeriod(resolvePeriod('all-time', NOW, 'UTC'), 'previous')).to.equal(null);
    expect(comparisonPeriod(resolvePeriod('year:1970', NOW, 'UTC'), 'last-year')).to.equal(null);
    expect(comparisonPeriod(resolvePeriod('year:1970', NOW, 'UTC'), 'previous')).to.equal(null);
  });

  it('knows its modes', () => {
    expect(['previous', 'last-year', 'off', '', undefined, true].map(isCompareMode)).to.deep.equal([true, true, false, false, false, false]);
  });
});

describe('metricDelta', () => {
  it('money: change in minor units, percent of the previous, tone from the metric', () => {
    expect(metricDelta(METRICS['won-value'], money('won-value', 120_000), money('won-value', 100_000)))
      .to.deep.equal({ change: 20_000, percent: 20, direction: 'up', tone: 'good', currency: 'EUR' });
    // More lost money is bad news.
    expect(metricDelta(METRICS['sales-lost'], money('sales-lost', 120_000), money('sales-lost', 100_000))!.tone).to.equal('bad');
    expect(metricDelta(METRICS['sales-lost'], money('sales-lost', 80_000), money('sales-lost', 100_000))).to.deep.include({ direction: 'down', tone: 'good', percent: -20 });
  });

  it('never compares different currencies, a missing value or a channel', () => {
    expect(metricDelta(METRICS['won-value'], money('won-value', 1), money('won-value', 1, 'USD'))).to.equal(undefined);
    expect(metricDelta(METRICS['deal-conversion'], pct(50), pct(null))).to.equal(undefined);
    expect(metricDelta(METRICS['deal-conversion'], pct(null), pct(50))).to.equal(undefined);
    expect(metricDelta(METRICS['deal-conversion'], pct(50), undefined)).to.equal(undefined);
    const ch: MetricValue = { id: 'preferred-channel', unit: 'channel', value: 'email', counts: {} };
    expect(metricDelta(METRICS['preferred-channel'], ch, { ...ch, value: 'call' })).to.equal(undefined);
  });

  it('from zero: no percent; no change: flat and neutral', () => {
    expect(metricDelta(METRICS['deal-conversion'], pct(25), pct(0))).to.deep.equal({ change: 25, percent: null, direction: 'up', tone: 'good' });
    expect(metricDelta(METRICS['deal-conversion'], pct(0.1 + 0.2), pct(0.3))).to.deep.equal({ change: 0, percent: 0, direction: 'flat', tone: 'neutral' });
  });
});

describe('figureDelta (the words a widget shows)', () => {
  before(() => loadMessages('fr'));

  it('money, percent points, French', () => {
    const d = figureDelta(money('won-value', 120_000), money('won-value', 100_000), 'October 2026', 'en')!;
    expect(d.text).to.equal('+€200.00 (+20%)');
    expect(d.word).to.equal('up');
    expect(d.vs).to.equal('vs October 2026: €1,000.00');
    const p = figureDelta(pct(30), pct(37.5), 'Q3 2026', 'en')!;
    expect(p.text).to.equal('\u22127.5 pts (\u221220%)');
    expect([p.direction, p.tone, p.word]).to.deep.equal(['down', 'bad', 'down']);
    const fr = figureDelta(money('won-value', 120_000), money('won-value', 100_000), 'octobre 2026', 'fr')!;
    expect(fr.word).to.equal('en hausse de');
    expect(fr.vs).to.match(/^par rapport à octobre 2026 : 1\s000,00\s€$/);
    expect(figureDelta(pct(10), pct(10), 'x', 'en')!.text).to.equal('±0');
  });
});
