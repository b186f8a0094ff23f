import { expect } from '@open-wc/testing';
import type { ClientRef } from '../../src/core/model.js';
import { resolvePeriod, startOfDay } from '../../src/core/period.js';
import type { RecordFilter } from '../../src/core/query.js';
import { formatDate, loadMessages } from '../../src/i18n/index.js';
import { describeDateCondition, describeFilter } from '../../src/widgets/describe.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { inputFilter } from '../../src/core/input-filter.js';

const CONTACT: ClientRef = { type: 'contact', id: '42' };
const COMPANY: ClientRef = { type: 'company', id: '7' };
const PIPELINES = [{ id: '0', name: 'Sales' }, { id: '1', name: 'Partners' }];
const STAGES = [{ id: 'C1:WON', name: 'Deal won' }];
const JAN_1 = Date.UTC(2026, 0, 1);
const FEB_1 = Date.UTC(2026, 1, 1);
const day = (t: number, locale = 'en', zone = 'UTC') => formatDate(t, locale, zone);
const time = (t: number, locale = 'en', zone = 'UTC') => formatDate(t, locale, zone, true);

describe('describeFilter', () => {
  before(async () => {
    await loadMessages('fr');
  });

  it('describes the kind and the client first, and nothing else for a bare filter', () => {
    expect(describeFilter('deal', { client: CONTACT }, { locale: 'en', timeZone: 'UTC' })).to.deep.equal(['Records: deals', 'Client: contact 42']);
    expect(describeFilter('invoice', { client: COMPANY }, { locale: 'en', timeZone: 'UTC', clientName: 'ACME' }))
      .to.deep.equal(['Records: invoices', 'Client: ACME (company 7)']);
    expect(describeFilter('activity', { client: COMPANY }, { locale: 'fr', timeZone: 'UTC' }))
      .to.deep.equal(['Enregistrements : activités', 'Client : société 7']);
  });

  it('describes won deals closed in January (whole days: the last day is included)', () => {
    const filter: RecordFilter = { client: CONTACT, semantics: ['won'], dates: [{ fields: ['closedAt'], from: JAN_1, to: FEB_1 }] };
    expect(describeFilter('deal', filter, { locale: 'en', timeZone: 'UTC' })).to.deep.equal([
      'Records: deals', 'Client: contact 42', 'Closed from Jan 1, 2026 to Jan 31, 2026', 'Status: Won',
    ]);
    expect(describeFilter('deal', filter, { locale: 'fr', timeZone: 'UTC' })).to.deep.equal([
      'Enregistrements : affaires', 'Client : contact 42', `Clôturées du ${day(JAN_1, 'fr')} au ${day(Date.UTC(2026, 0, 31), 'fr')}`, 'Statut : Gagnée',
    ]);
  });

  it('names every field of a window ("created or closed") and uses the time zone of the period', () => {
    const zone = 'Europe/Paris';
    const from = startOfDay({ year: 2026, month: 3, day: 1 }, zone);
    const to = startOfDay({ year: 2026, month: 4, day: 1 }, zone);
    const cond = { fields: ['createdAt', 'closedAt'] as const, from, to };
    expect(describeDateCondition(cond, 'en', zone)).to.equal('Created or closed from Mar 1, 2026 to Mar 31, 2026');
    expect(describeDateCondition(cond, 'fr', zone)).to.equal(`Créées ou clôturées du ${day(from, 'fr', zone)} au ${day(to - 86_400_000, 'fr', zone)}`);
    // The same instants are not midnights in UTC: the exact times are given, the end excluded.
    expect(describeDateCondition(cond, 'en', 'UTC')).to.equal(`Created or closed from ${time(from)} up to ${time(to)} (excluded)`);
    expect(describeDateCondition(cond, 'fr', 'UTC')).to.equal(`Créées ou clôturées du ${time(from, 'fr')} jusqu’au ${time(to, 'fr')} (exclu)`);
  });

  it('describes open-ended windows and skips empty ones', () => {
    const en = (c: Parameters<typeof describeDateCondition>[0]) => describeDateCondition(c, 'en', 'UTC');
    const fr = (c: Parameters<typeof describeDateCondition>[0]) => describeDateCondition(c, 'fr', 'UTC');
    expect(en({ fields: ['createdAt'], from: JAN_1 })).to.equal('Created on or after Jan 1, 2026');
    expect(fr({ fields: ['createdAt'], from: JAN_1 })).to.equal(`Créées à partir du ${day(JAN_1, 'fr')}`);
    expect(en({ fields: ['createdAt'], to: FEB_1 })).to.equal('Created on or before Jan 31, 2026');
    expect(fr({ fields: ['createdAt'], to: FEB_1 })).to.equal(`Créées jusqu’au ${day(FEB_1 - 86_400_000, 'fr')} inclus`);
    expect(en({ fields: ['dueAt'], to: FEB_1 + 3_600_000 })).to.equal(`Due before ${time(FEB_1 + 3_600_000)}`);
    expect(fr({ fields: ['dueAt'], to: FEB_1 + 3_600_000 })).to.equal(`À échéance avant le ${time(FEB_1 + 3_600_000, 'fr')}`);
    expect(en({ fields: ['paidAt'], from: JAN_1 + 60_000 })).to.equal(`Paid on or after ${time(JAN_1 + 60_000)}`);
    expect(en({ fields: ['createdAt'] })).to.equal(undefined);
    expect(en({ fields: [], from: JAN_1 })).to.equal(undefined);
    expect(describeFilter('deal', { client: CONTACT, dates: [{ fields: ['createdAt'] }] }, { locale: 'en', timeZone: 'UTC' })).to.have.length(2);
  });

  it('describes activity conditions: channels, directions, completion, pipelines and bound deals', () => {
    const filter: RecordFilter = {
      client: COMPANY, channels: ['call', 'email'], directions: ['in', 'none'], completed: true, pipelines: ['1', 'x'], dealIds: ['5'],
    };
    expect(describeFilter('activity', filter, { locale: 'en', timeZone: 'UTC', pipelines: PIPELINES })).to.deep.equal([
      'Records: activities', 'Client: company 7', 'Bound to a deal of pipeline Partners or x', 'Channel: Calls or E-mail',
      'Direction: Incoming or no direction', 'Completed only', 'Bound to deal 5',
    ]);
    expect(describeFilter('activity', { ...filter, completed: false }, { locale: 'fr', timeZone: 'UTC', pipelines: PIPELINES })).to.deep.equal([
      'Enregistrements : activités', 'Client : société 7', 'Liées à une affaire du pipeline Partners ou x', 'Canal : Appels ou E-mail',
      'Sens : Entrant ou sans direction', 'Non terminées uniquement', 'Liées à l’affaire 5',
    ]);
  });

  it('describes deal and invoice conditions: pipelines, stages, statuses, deals, paid late', () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const deals: RecordFilter = { client: CONTACT, semantics: ['won', 'lost'], pipelines: ['0'], stages: ['C1:WON', 'NEW'], dealIds: ids };
    expect(describeFilter('deal', deals, { locale: 'en', timeZone: 'UTC', pipelines: PIPELINES, stages: STAGES })).to.deep.equal([
      'Records: deals', 'Client: contact 42', 'Status: Won or Lost', 'Pipeline: Sales', 'Stage: Deal won or NEW',
      'One of 12 deals: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …',
    ]);
    expect(describeFilter('deal', deals, { locale: 'fr', timeZone: 'UTC', pipelines: PIPELINES, stages: STAGES })).to.deep.equal([
      'Enregistrements : affaires', 'Client : contact 42', 'Statut : Gagnée ou Perdue', 'Pipeline : Sales', 'Étape : Deal won ou NEW',
      'Une des 12 affaires : 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …',
    ]);
    const invoices: RecordFilter = { client: COMPANY, semantics: ['paid'], dealIds: ['3', '4'], paidLate: false };
    expect(describeFilter('invoice', invoices, { locale: 'en', timeZone: 'UTC' })).to.deep.equal([
      'Records: invoices', 'Client: company 7', 'Status: Paid', 'Linked to one of 2 deals: 3, 4', 'Paid by the due date',
    ]);
    expect(describeFilter('invoice', { ...invoices, paidLate: true }, { locale: 'fr', timeZone: 'UTC' })).to.deep.equal([
      'Enregistrements : factures', 'Client : société 7', 'Statut : Payée', 'Liées à une des 2 affaires : 3, 4', 'Payées après l’échéance',
    ]);
  });

  it('treats empty lists as absent (they filter nothing)', () => {
    const filter: RecordFilter = { client: CONTACT, semantics: [], pipelines: [], stages: [], channels: [], directions: [], dealIds: [] };
    expect(describeFilter('activity', filter, { locale: 'en', timeZone: 'UTC' })).to.deep.equal(['Records: activities', 'Client: contact 42']);
  });

  it('falls back to English words for other languages and to UTC for an unknown zone', () => {
    const filter: RecordFilter = { client: CONTACT, dates: [{ fields: ['createdAt'], from: JAN_1, to: FEB_1 }] };
    expect(describeFilter('deal', filter, { locale: 'de', timeZone: 'Nowhere/Land' })[2]).to.equal(`Created from ${day(JAN_1, 'de')} to ${day(Date.UTC(2026, 0, 31), 'de')}`);
  });

  it('describes the filters the metrics really produce (won deals of a period)', async () => {
    const adapter = new DemoAdapter({ seed: 1 });
    const period = resolvePeriod('month:2026-03', adapter.now, 'Europe/Paris', 'en');
    const { kind, filter } = await inputFilter(adapter, 'won-value', 'won', {
      client: { type: 'contact', id: '1' }, period, now: adapter.now, locale: 'en',
    });
    const lines = describeFilter(kind, filter, { locale: 'en', timeZone: 'Europe/Paris' });
    expect(lines[0]).to.equal('Records: deals');
    expect(lines).to.include('Status: Won');
    expect(lines).to.include('Closed from Mar 1, 2026 to Mar 31, 2026');
  });
});
