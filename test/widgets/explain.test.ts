/**
 * "How is this computed?" is generated from the metric declarations: every metric has words in
 * English and French with no placeholder left, and the words follow the declaration (change a
 * spec, the words change).
 */
import { expect } from '@open-wc/testing';
import { describeSpec, formulaWords } from '../../src/widgets/explain.js';
import { METRICS, WON_IN_P, ACTIVITIES_IN_P, DEALS_IN_P } from '../../src/core/metrics.js';
import { METRIC_IDS } from '../../src/core/metric-ids.js';
import { loadMessages } from '../../src/i18n/index.js';

describe('explain: words from the metric declarations', () => {
  before(() => loadMessages('fr'));

  for (const locale of ['en', 'fr']) {
    it(`${locale}: every metric has a formula in words, no placeholder, no "undefined"`, () => {
      for (const id of METRIC_IDS) {
        const words = formulaWords(id, locale);
        expect(words, id).to.match(/\S/);
        expect(words, id).to.not.match(/\{\w+\}|undefined|explain\./);
      }
    });
  }

  it('the words of the system widget\'s conversion and of deal conversion, en and fr', () => {
    expect(formulaWords('conversion', 'en')).to.equal('number of deals won, closed in the period ÷ number of activities, created in the period × 100');
    expect(formulaWords('deal-conversion', 'fr'))
      .to.equal('nombre d’affaires gagnées, clôturées sur la période ÷ nombre d’affaires, créées ou clôturées sur la période × 100');
    expect(formulaWords('communication-load', 'en')).to.equal(
      'number of activities, created in the period, bound to the deals, created or closed in the period ÷ number of deals, created or closed in the period; also per pipeline');
    expect(formulaWords('invoice-paid-on-time', 'en')).to.contain('paid by their due date');
    expect(formulaWords('invoice-overdue-share', 'en')).to.contain('unpaid invoices, created in the period, due before now');
    expect(formulaWords('preferred-channel', 'en')).to.equal(
      'the channel with the most incoming activities, created in the period (when there are none: of all activities, created in the period); ties go to the most recent');
    expect(formulaWords('invoice-unpaid', 'en')).to.equal('sum of the amounts of the invoices, created in the period − sum of the amounts of the paid invoices, created in the period');
  });

  it('follows the declaration: another date field or status gives other words', () => {
    expect(describeSpec(WON_IN_P, 'en')).to.equal('deals won, closed in the period');
    expect(describeSpec({ ...WON_IN_P, dates: [{ fields: ['createdAt'], window: 'period' }] }, 'en')).to.equal('deals won, created in the period');
    expect(describeSpec({ ...WON_IN_P, semantics: ['lost'] }, 'en')).to.equal('deals lost, closed in the period');
    expect(describeSpec({ ...ACTIVITIES_IN_P, directions: ['in'] }, 'fr')).to.equal('activités entrantes, créées sur la période');
    expect(describeSpec({ ...ACTIVITIES_IN_P, boundTo: DEALS_IN_P }, 'fr')).to.equal('activités, créées sur la période, liées aux affaires, créées ou clôturées sur la période');
    // A combination without a noun of its own: the kind with its statuses.
    expect(describeSpec({ kind: 'deal', measure: 'count', semantics: ['open', 'lost'] }, 'en')).to.equal('deals (in progress or lost)');
    expect(describeSpec({ kind: 'activity', measure: 'count', directions: ['out'] }, 'fr')).to.equal('activités (sortant)');
    expect(Object.keys(METRICS)).to.have.length(METRIC_IDS.length);
  });
});
