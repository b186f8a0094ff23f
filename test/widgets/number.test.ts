import '../../src/i18n/en-overlays.js'; // problemMessage's words (the settings dialog's)
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics, type MetricValue } from '../../src/core/evaluate.js';
import { METRICS, type MetricId } from '../../src/core/metrics.js';
import { METRIC_IDS } from '../../src/core/metric-ids.js';
import type { ClientRef } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import { formatAmount, formatPercent, loadMessages, msg } from '../../src/i18n/index.js';
import { WIDGET_CATALOG, widgetTitle } from '../../src/widgets/catalog.js';
import { addWidget, defaultLayout, layoutFromAttribute, normalizeLayout, sanitizeSettings } from '../../src/widgets/layout.js';
import {
  NUMBER_METRICS, combine, formulaLabel, isNumberMetric, metricKinds, numberFormula, numberProblem, problemMessage,
  restrictionApplies, type NumberFormula,
} from '../../src/widgets/number.js';
import { DEFAULT_WIDGET_TYPES, WIDGET_TYPES, type WidgetSettings } from '../../src/widgets/types.js';
import { NUMBER_OPS } from '../../src/widgets/choices.js';
import { valueText, widgetView } from '../../src/widgets/views.js';

const adapter = new DemoAdapter({ seed: 1 });
const { reference } = adapter.data;
const CONTACT_1: ClientRef = { type: 'contact', id: '1' };
/** Won deals in EUR, GBP and USD. */
const CONTACT_14: ClientRef = { type: 'contact', id: '14' };
/** No deal, no invoice and no activity in the last 7 days. */
const CONTACT_4: ClientRef = { type: 'contact', id: '4' };

async function values(client: ClientRef, period: string, ids: readonly MetricId[], currency = reference.baseCurrency) {
  return evaluateMetrics(adapter, {
    client, period: resolvePeriod(period, adapter.now, 'UTC', 'en'), now: adapter.now, locale: 'en', currency,
    ...(reference.rates ? { rates: reference.rates } : {}),
  }, ids);
}

/** A hand-made metric value (only what `combine` reads). */
function value(id: MetricId, v: number | null, money?: { minor: number; currency: string; missing?: string[] }): MetricValue {
  return {
    id, unit: METRICS[id].unit, value: v, counts: {},
    ...(money ? { money: { total: { minor: money.minor, currency: money.currency }, lines: [], missing: money.missing ?? [] } } : {}),
    ...(v === null ? { reason: { code: 'empty', input: 'activities' } as const } : {}),
  };
}

function warned(warnings: readonly string[], ...fragments: string[]): void {
  expect(warnings.some((w) => fragments.every((f) => w.includes(f))), `a warning with ${fragments.join(' + ')} in ${JSON.stringify(warnings)}`).to.equal(true);
}

const f = (op: NumberFormula['op'], ...terms: MetricId[]): NumberFormula => numberFormula({ metrics: terms, op });

before(() => loadMessages('fr'));

describe('custom number: the metrics it can show', () => {
  it('every scalar metric of a numeric unit, never a channel or a series', () => {
    expect([...NUMBER_METRICS]).to.deep.equal([
      'won-value', 'conversion', 'communication-load', 'load-by-channel', 'deal-conversion', 'deal-conversion-closed',
      'invoice-conversion', 'invoice-paid-on-time', 'sales-open', 'sales-lost', 'invoice-issued', 'invoice-paid',
      'invoice-unpaid', 'invoice-overdue-share',
    ]);
    for (const id of METRIC_IDS) {
      const def = METRICS[id];
      const excluded = def.unit === 'channel' || def.formula.op === 'series' || def.formula.op === 'top';
      expect(isNumberMetric(id), id).to.equal(!excluded);
    }
    expect(isNumberMetric('preferred-channel')).to.equal(false);
    expect(isNumberMetric('trend-deals-won')).to.equal(false);
    expect(isNumberMetric('nope')).to.equal(false);
    expect(isNumberMetric(42)).to.equal(false);
  });

  it('the record kinds each metric reads decide which filters apply', () => {
    expect([...metricKinds('won-value')]).to.deep.equal(['deal']);
    expect([...metricKinds('conversion')].sort()).to.deep.equal(['activity', 'deal']);
    expect([...metricKinds('communication-load')].sort()).to.deep.equal(['activity', 'deal']);
    expect(restrictionApplies('pipelines', ['won-value'])).to.equal(true);
    expect(restrictionApplies('channels', ['won-value'])).to.equal(false);
    expect(restrictionApplies('channels', ['won-value', 'conversion'])).to.equal(true);
    expect(restrictionApplies('invoiceStages', ['invoice-paid'])).to.equal(true);
    expect(restrictionApplies('dealStages', ['invoice-paid'])).to.equal(false);
  });
});

describe('custom number: combinations and units', () => {
  it('side by side: any 1 to 3 metrics, whatever their units', () => {
    expect(numberProblem(['won-value'], 'none')).to.equal(undefined);
    expect(numberProblem(['won-value', 'conversion', 'communication-load'], 'none')).to.equal(undefined);
  });

  it('sum and difference: amounts with amounts, counts with counts', () => {
    expect(numberProblem(['won-value', 'sales-open', 'sales-lost'], 'sum')).to.equal(undefined);
    expect(numberProblem(['invoice-issued', 'invoice-paid'], 'difference')).to.equal(undefined);
    expect(numberProblem(['load-by-channel', 'load-by-channel'], 'sum')).to.deep.equal({ code: 'duplicate', term: 'load-by-channel' });
    expect(numberProblem(['won-value'], 'sum')).to.deep.equal({ code: 'too-few', op: 'sum', need: 2 });
    expect(numberProblem(['won-value', 'load-by-channel'], 'sum')).to.deep.equal({ code: 'units', op: 'sum', a: 'won-value', b: 'load-by-channel' });
    expect(numberProblem(['won-value', 'conversion'], 'difference')).to.deep.equal({ code: 'not-additive', op: 'difference', term: 'conversion' });
    expect(numberProblem(['conversion', 'deal-conversion'], 'sum')).to.deep.equal({ code: 'not-additive', op: 'sum', term: 'conversion' });
    expect(numberProblem(['communication-load', 'communication-load'], 'sum')!.code).to.equal('duplicate');
  });

  it('percentage: exactly two numbers, of any numeric units', () => {
    expect(numberProblem(['invoice-paid', 'invoice-issued'], 'percentage')).to.equal(undefined);
    expect(numberProblem(['won-value', 'load-by-channel'], 'percentage')).to.equal(undefined);
    expect(numberProblem(['conversion', 'deal-conversion'], 'percentage')).to.equal(undefined);
    expect(numberProblem(['invoice-paid'], 'percentage')).to.deep.equal({ code: 'too-few', op: 'percentage', need: 2 });
    expect(numberProblem(['invoice-paid', 'invoice-issued', 'won-value'], 'percentage')).to.deep.equal({ code: 'too-many', op: 'percentage', max: 2 });
  });

  it('the formula is data: op, terms, unit; an invalid combination reads as side by side', () => {
    expect(numberFormula({})).to.deep.equal({ op: 'none', terms: ['won-value'] });
    expect(numberFormula({ metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' }))
      .to.deep.equal({ op: 'difference', terms: ['invoice-issued', 'invoice-paid'], unit: 'money' });
    expect(numberFormula({ metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' }))
      .to.deep.equal({ op: 'percentage', terms: ['invoice-paid', 'invoice-issued'], unit: 'percent' });
    expect(numberFormula({ metrics: ['won-value', 'conversion'], op: 'sum' })).to.deep.equal({ op: 'none', terms: ['won-value', 'conversion'] });
  });

  it('words the formula from the terms\' titles (en, fr), and says what is wrong', () => {
    expect(formulaLabel(f('difference', 'invoice-issued', 'invoice-paid'), 'en')).to.equal('Invoiced − Paid');
    expect(formulaLabel(f('sum', 'won-value', 'sales-open'), 'fr')).to.equal('Montant des affaires gagnées + En cours');
    expect(formulaLabel(f('percentage', 'invoice-paid', 'invoice-issued'), 'en')).to.equal('Paid as a percentage of Invoiced');
    expect(formulaLabel(f('percentage', 'invoice-paid', 'invoice-issued'), 'fr')).to.equal('Payé en pourcentage de Facturé');
    expect(formulaLabel(f('none', 'won-value', 'conversion'), 'en')).to.equal('Value of won deals · Conversion');
    expect(problemMessage(numberProblem(['won-value', 'load-by-channel'], 'sum')!, 'en')).to.equal(
      'Value of won deals (an amount) and Load by channel (a count) cannot be added or subtracted: only amounts with amounts, or counts with counts.');
    expect(problemMessage(numberProblem(['conversion', 'won-value'], 'sum')!, 'en')).to.contain('Conversion is a percentage');
    expect(problemMessage(numberProblem(['won-value'], 'percentage')!, 'fr')).to.contain('exactement deux nombres');
  });
});

describe('custom number: values', () => {
  it('sum of amounts is exact, in minor units of one currency (0.10 + 0.20 = 0.30)', () => {
    const c = combine(f('sum', 'won-value', 'sales-open', 'sales-lost'), {
      'won-value': value('won-value', 10, { minor: 10, currency: 'EUR' }),
      'sales-open': value('sales-open', 20, { minor: 20, currency: 'EUR' }),
      'sales-lost': value('sales-lost', 0, { minor: 0, currency: 'EUR', missing: ['XAU'] }),
    });
    expect(c.value).to.equal(30);
    expect(c.money).to.deep.equal({ minor: 30, currency: 'EUR' });
    expect(c.missing).to.deep.equal(['XAU']);
  });

  it('difference: first − second − third', () => {
    const c = combine(f('difference', 'invoice-issued', 'invoice-paid', 'won-value'), {
      'invoice-issued': value('invoice-issued', 100_000, { minor: 100_000, currency: 'JPY' }),
      'invoice-paid': value('invoice-paid', 30_000, { minor: 30_000, currency: 'JPY' }),
      'won-value': value('won-value', 80_000, { minor: 80_000, currency: 'JPY' }),
    });
    expect(c.money).to.deep.equal({ minor: -10_000, currency: 'JPY' });
  });

  it('amounts in different currencies are never added raw: "—" with the reason', () => {
    const c = combine(f('sum', 'won-value', 'sales-open'), {
      'won-value': value('won-value', 10, { minor: 10, currency: 'EUR' }),
      'sales-open': value('sales-open', 20, { minor: 20, currency: 'USD' }),
    });
    expect(c.value).to.equal(null);
    expect(c.reason).to.deep.equal({ code: 'currencies', currencies: ['EUR', 'USD'] });
  });

  it('sum of counts', async () => {
    // Load by channel's value is the activity count: the same metric cannot be chosen twice, so check with hand values.
    const c = combine({ op: 'sum', terms: ['load-by-channel', 'load-by-channel'], unit: 'count' }, { 'load-by-channel': value('load-by-channel', 7) });
    expect(c.value).to.equal(14);
  });

  it('percentage: first ÷ second × 100, amounts in major units; "—" when the denominator is 0 or a term has no value', () => {
    const money = (id: MetricId, minor: number) => value(id, minor, { minor, currency: 'EUR' });
    expect(combine(f('percentage', 'invoice-paid', 'invoice-issued'), { 'invoice-paid': money('invoice-paid', 2500), 'invoice-issued': money('invoice-issued', 10_000) }).value)
      .to.equal(25);
    // An amount (€30.00) as a percentage of a count (6): major units, 30 ÷ 6 × 100.
    expect(combine(f('percentage', 'won-value', 'load-by-channel'), { 'won-value': money('won-value', 3000), 'load-by-channel': value('load-by-channel', 6) }).value)
      .to.equal(500);
    const zero = combine(f('percentage', 'invoice-paid', 'invoice-issued'), { 'invoice-paid': money('invoice-paid', 0), 'invoice-issued': money('invoice-issued', 0) });
    expect(zero.value).to.equal(null);
    expect(zero.reason).to.deep.equal({ code: 'zero', term: 'invoice-issued' });
    const empty = combine(f('percentage', 'conversion', 'deal-conversion'), { conversion: value('conversion', null), 'deal-conversion': value('deal-conversion', 50) });
    expect(empty.reason).to.deep.equal({ code: 'empty', term: 'conversion' });
    expect(() => combine(f('none', 'won-value'), {})).to.throw(TypeError);
  });

  it('real data: sum and difference equal the single metrics combined, in the display currency (EUR, then USD)', async () => {
    for (const currency of ['EUR', 'USD']) {
      const v = await values(CONTACT_14, 'all-time', ['won-value', 'sales-open', 'sales-lost', 'invoice-issued', 'invoice-paid'], currency);
      const sum = combine(f('sum', 'won-value', 'sales-open', 'sales-lost'), v);
      expect(sum.money!.currency).to.equal(currency);
      expect(sum.money!.minor).to.equal(v['won-value'].money!.total.minor + v['sales-open'].money!.total.minor + v['sales-lost'].money!.total.minor);
      const diff = combine(f('difference', 'invoice-issued', 'invoice-paid'), v);
      expect(diff.money).to.deep.equal({ currency, minor: v['invoice-issued'].money!.total.minor - v['invoice-paid'].money!.total.minor });
    }
  });
});

describe('custom number: view', () => {
  it('none: each metric a number of its own that opens its records (the first is the headline)', async () => {
    const ids = ['won-value', 'conversion', 'communication-load'] as const;
    const v = await values(CONTACT_1, 'all-time', ids);
    const view = widgetView('number', { metrics: [...ids], op: 'none' }, v, 'en');
    expect(view.figures.map((x) => [x.id, x.role, x.text, x.metric, x.input])).to.deep.equal(ids.map((id, i) =>
      [id, i === 0 ? 'headline' : 'secondary', valueText(v[id], 'en'), id, METRICS[id].drill]));
    expect(view.figures.some((x) => x.formula)).to.equal(false);
  });

  it('sum: the combined headline (plain text, its formula as data), then each term clickable', async () => {
    const ids = ['won-value', 'sales-open', 'sales-lost'] as const;
    const v = await values(CONTACT_1, 'all-time', ids);
    const view = widgetView('number', { metrics: [...ids], op: 'sum' }, v, 'en');
    const [head, ...rows] = view.figures;
    const total = ids.reduce((n, id) => n + v[id].money!.total.minor, 0);
    expect(head).to.deep.include({ id: 'result', role: 'headline', label: 'Value of won deals + In progress + Lost',
      text: formatAmount({ minor: total, currency: 'EUR' }, 'en') });
    expect(head!.input).to.equal(undefined);
    expect(head!.formula).to.deep.equal({ op: 'sum', terms: ids, unit: 'money' });
    expect(rows.map((r) => [r.id, r.role, r.metric, r.input, r.text])).to.deep.equal(ids.map((id) => [id, 'row', id, METRICS[id].drill, valueText(v[id], 'en')]));
    expect(view.currency).to.equal('EUR');
  });

  it('difference and percentage, in French', async () => {
    const v = await values(CONTACT_1, 'all-time', ['invoice-issued', 'invoice-paid']);
    const diff = widgetView('number', { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' }, v, 'fr').figures[0]!;
    expect(diff.label).to.equal('Facturé − Payé');
    expect(diff.text).to.equal(formatAmount({ minor: v['invoice-issued'].money!.total.minor - v['invoice-paid'].money!.total.minor, currency: 'EUR' }, 'fr'));
    const pct = widgetView('number', { metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' }, v, 'fr').figures[0]!;
    const expected = (v['invoice-paid'].money!.total.minor / v['invoice-issued'].money!.total.minor) * 100;
    expect(pct.text).to.equal(formatPercent(expected, 'fr'));
    expect(pct.formula!.unit).to.equal('percent');
  });

  it('"—" with the reason when the denominator is 0 or a term has no value', async () => {
    const v = await values(CONTACT_4, 'last-7-days', ['invoice-paid', 'invoice-issued', 'conversion', 'deal-conversion']);
    const zero = widgetView('number', { metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' }, v, 'en').figures[0]!;
    expect(zero.text).to.equal('—');
    expect(zero.note).to.equal('Invoiced is 0: no percentage of it');
    const empty = widgetView('number', { metrics: ['conversion', 'deal-conversion'], op: 'percentage' }, v, 'en').figures[0]!;
    expect(empty.text).to.equal('—');
    expect(empty.note).to.equal(msg('en', 'empty.activities'));
  });

  it('an invalid combination given unsanitized shows the metrics side by side, never a wrong sum', async () => {
    const v = await values(CONTACT_1, 'all-time', ['won-value', 'conversion']);
    const view = widgetView('number', { metrics: ['won-value', 'conversion'], op: 'sum' }, v, 'en');
    expect(view.figures.map((x) => x.id)).to.deep.equal(['won-value', 'conversion']);
  });
});

describe('custom number: catalog and title', () => {
  it('is offered by the catalog but not in the default layout', () => {
    expect(WIDGET_TYPES).to.include('number');
    expect(DEFAULT_WIDGET_TYPES).not.to.include('number');
    expect(defaultLayout().items.map((i) => i.type)).to.deep.equal([...DEFAULT_WIDGET_TYPES]);
    expect(WIDGET_CATALOG.number.metrics({})).to.deep.equal(['won-value']);
    expect(WIDGET_CATALOG.number.metrics({ metrics: ['invoice-paid', 'invoice-issued'] })).to.deep.equal(['invoice-paid', 'invoice-issued']);
    expect(addWidget(defaultLayout(), 'number').items.at(-1)).to.deep.equal({ id: 'w10', type: 'number', settings: {} });
  });

  it('title: the custom one, else the combination in words, else "Custom number" / "Nombre personnalisé"', () => {
    expect(widgetTitle('number', {}, 'en')).to.equal('Custom number');
    expect(widgetTitle('number', {}, 'fr')).to.equal('Nombre personnalisé');
    expect(widgetTitle('number', { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference' }, 'en')).to.equal('Invoiced − Paid');
    expect(widgetTitle('number', { metrics: ['invoice-issued', 'invoice-paid'], op: 'difference', title: 'Owed' }, 'en')).to.equal('Owed');
    expect(widgetTitle('number', { metrics: ['bogus' as MetricId] }, 'en')).to.equal('Custom number');
  });
});

describe('custom number: sanitizeSettings', () => {
  it('keeps valid settings in canonical order, without warnings', () => {
    const r = sanitizeSettings('number', {
      color: 'teal', op: 'difference', pipelines: ['0'], metrics: ['invoice-issued', 'invoice-paid', 'won-value'], title: 'Net', period: 'all-time',
      invoiceStages: ['P'], compare: 'previous',
    });
    expect(r.warnings).to.deep.equal([]);
    expect(JSON.stringify(r.settings)).to.equal(JSON.stringify({
      title: 'Net', period: 'all-time', metrics: ['invoice-issued', 'invoice-paid', 'won-value'], op: 'difference', pipelines: ['0'],
      invoiceStages: ['P'], color: 'teal', compare: 'previous',
    }));
  });

  it('too many metrics: the first three are kept', () => {
    const r = sanitizeSettings('number', { metrics: ['won-value', 'sales-open', 'sales-lost', 'invoice-paid'], op: 'sum' });
    expect(r.settings).to.deep.equal({ metrics: ['won-value', 'sales-open', 'sales-lost'], op: 'sum' });
    warned(r.warnings, 'more than 3', 'the last 1 dropped');
  });

  it('unknown ids, channel and series metrics and repeats are dropped, the order kept', () => {
    const r = sanitizeSettings('number', { metrics: ['weather', 'invoice-paid', 7, 'preferred-channel', 'trend-deals-won', 'invoice-paid', 'invoice-issued'], op: 'percentage' });
    expect(r.settings).to.deep.equal({ metrics: ['invoice-paid', 'invoice-issued'], op: 'percentage' });
    warned(r.warnings, 'unknown metric "weather"');
    warned(r.warnings, 'unknown metric 7');
    warned(r.warnings, '"preferred-channel" is not a single number');
    warned(r.warnings, '"trend-deals-won" is not a single number');
    warned(r.warnings, '"invoice-paid" repeated');
  });

  it('a bad op or wrong types are dropped; the other settings are kept', () => {
    const r = sanitizeSettings('number', { op: 'product', metrics: 'won-value', title: 'Mine', color: 'red' });
    expect(r.settings).to.deep.equal({ title: 'Mine', color: 'red' });
    warned(r.warnings, 'setting "op"', 'product');
    warned(r.warnings, 'setting "metrics" must be a list');
    const t = sanitizeSettings('number', { op: 3, metrics: [null, {}], period: 'last-7-days' });
    expect(t.settings).to.deep.equal({ period: 'last-7-days' });
    warned(t.warnings, 'no metric left');
  });

  it('an operation that does not suit the metrics becomes "none", with a warning naming why', () => {
    const units = sanitizeSettings('number', { metrics: ['won-value', 'load-by-channel'], op: 'sum', title: 'Kept' });
    expect(units.settings).to.deep.equal({ title: 'Kept', metrics: ['won-value', 'load-by-channel'], op: 'none' });
    warned(units.warnings, 'setting "op"', 'cannot mix "won-value" (an amount) and "load-by-channel" (a count)', 'side by side');
    const pct = sanitizeSettings('number', { metrics: ['conversion', 'deal-conversion'], op: 'difference' });
    expect(pct.settings.op).to.equal('none');
    warned(pct.warnings, 'cannot add "conversion" (a percentage)');
    const few = sanitizeSettings('number', { op: 'percentage' });
    expect(few.settings).to.deep.equal({ op: 'none' });
    warned(few.warnings, 'a percentage needs at least 2 metrics');
    const many = sanitizeSettings('number', { metrics: ['invoice-paid', 'invoice-issued', 'won-value'], op: 'percentage' });
    expect(many.settings).to.deep.equal({ metrics: ['invoice-paid', 'invoice-issued', 'won-value'], op: 'none' });
  });

  it('filters that narrow none of the metrics are dropped', () => {
    const r = sanitizeSettings('number', { metrics: ['won-value'], channels: ['call'], completed: true, pipelines: ['0'], invoiceStages: ['P'] });
    expect(r.settings).to.deep.equal({ metrics: ['won-value'], pipelines: ['0'] });
    warned(r.warnings, 'setting "channels" narrows none');
    warned(r.warnings, 'setting "invoiceStages" narrows none');
    // Without metrics the default (won deals) decides.
    expect(sanitizeSettings('number', { channels: ['call'] }).settings).to.deep.equal({});
    expect(sanitizeSettings('number', { metrics: ['conversion'], channels: ['call'], directions: ['in'] }).settings)
      .to.deep.equal({ metrics: ['conversion'], channels: ['call'], directions: ['in'] });
  });

  it('other types have no metrics or op setting', () => {
    const r = sanitizeSettings('sales-amount', { metrics: ['won-value'], op: 'sum' });
    expect(r.settings).to.deep.equal({});
    warned(r.warnings, 'no "metrics" setting');
  });

  it('never throws, and is idempotent, whatever the input', () => {
    const metric = fc.oneof(fc.constantFrom<unknown>(...METRIC_IDS), fc.string(), fc.anything());
    const arb = fc.oneof(
      fc.record({
        metrics: fc.oneof(fc.array(metric, { maxLength: 6 }), fc.anything()),
        op: fc.oneof(fc.constantFrom<unknown>(...NUMBER_OPS), fc.anything()),
        channels: fc.array(fc.constantFrom('call', 'sms', 'fax')),
        pipelines: fc.array(fc.constantFrom('0', '1')),
        title: fc.string(),
      }, { requiredKeys: [] }),
      fc.anything(),
    );
    fc.assert(fc.property(arb, (input) => {
      const { settings } = sanitizeSettings('number', input);
      const again = sanitizeSettings('number', settings);
      expect(again.warnings).to.deep.equal([]);
      expect(JSON.stringify(again.settings)).to.equal(JSON.stringify(settings));
      expect(settings.metrics === undefined || (settings.metrics.length >= 1 && settings.metrics.length <= 3)).to.equal(true);
      expect(numberProblem(settings.metrics ?? ['won-value'], settings.op ?? 'none')).to.equal(undefined);
    }), { numRuns: 400 });
  });
});

describe('custom number: layouts', () => {
  const item = { id: 'n1', type: 'number', settings: { title: 'Owed', metrics: ['invoice-issued', 'invoice-paid'], op: 'difference', color: 'red' } };
  const layout = { version: 1, items: [{ id: 'w1', type: 'system', settings: {} }, item] };

  it('round-trips through normalizeLayout (storage: JSON) and the layout attribute', () => {
    const r = normalizeLayout(layout);
    expect(r.warnings).to.deep.equal([]);
    expect(r.layout).to.deep.equal(layout);
    expect(normalizeLayout(JSON.parse(JSON.stringify(r.layout)))).to.deep.equal({ layout, warnings: [] });
    expect(normalizeLayout(layoutFromAttribute(JSON.stringify(layout)))).to.deep.equal({ layout, warnings: [] });
    const listed = normalizeLayout(layoutFromAttribute('number, sales-amount'));
    expect(listed.layout.items.map((i) => i.type)).to.deep.equal(['system', 'number', 'sales-amount']);
  });

  it('unknown metric ids are dropped with a warning naming the item; the rest is kept', () => {
    const r = normalizeLayout({ version: 1, items: [layout.items[0], { ...item, settings: { ...item.settings, metrics: ['invoice-issued', 'gone', 'invoice-paid'] } }] });
    expect(r.layout).to.deep.equal(layout);
    warned(r.warnings, 'item 1 (n1)', 'unknown metric "gone"');
  });

  it('settings of any shape never break the layout', () => {
    const settings: unknown[] = [null, 'x', [], { metrics: {} }, { metrics: [[]], op: {} }, { op: 'sum', metrics: ['conversion', 'conversion'] }];
    const r = normalizeLayout({ version: 1, items: settings.map((s, i) => ({ id: `n${i}`, type: 'number', settings: s })) });
    expect(r.layout.items).to.have.length(settings.length + 1);
    const kept = r.layout.items.slice(1).map((i) => i.settings as WidgetSettings);
    expect(kept.at(-1)).to.deep.equal({ metrics: ['conversion'], op: 'none' });
  });
});
