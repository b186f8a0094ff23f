import { expect } from '@open-wc/testing';
import type { Activity, Deal, Invoice } from '../../src/core/model.js';
import { MoneyBag, convertBag } from '../../src/core/money.js';
import { loadMessages } from '../../src/i18n/index.js';
import {
  exportColumns, exportHeader, exportNumericCells, exportPreamble, exportRow, recordColumns,
} from '../../src/widgets/record-columns.js';

const T = Date.UTC(2026, 2, 1, 9, 30);
const deal: Deal = {
  id: '11', title: '=HYPERLINK("http://evil","click")', pipelineId: '0', stageId: 'WON', stageName: 'Won, finally', semantic: 'won',
  amount: { minor: -123456, currency: 'EUR' }, createdAt: T, closedAt: T + 86_400_000, responsible: { id: '1', name: '@boss' },
  url: 'https://crm.example/deal/11',
};
const invoice: Invoice = {
  id: '5', title: 'INV-5', stageId: 'P', semantic: 'paid', amount: { minor: 1500, currency: 'JPY' }, createdAt: T, dueAt: T, dealId: '11',
};
const activity: Activity = {
  id: '9', channel: 'call', direction: 'in', completed: true, createdAt: T, subject: '+33 call "back"', dealIds: ['11', '12'],
};

describe('record columns', () => {
  before(async () => {
    await loadMessages('fr');
  });

  it('shows the same columns in the panel as before (ids, labels, sorts)', () => {
    const panel = (k: 'deal' | 'invoice' | 'activity', dealDate?: 'closedAt') =>
      recordColumns(k, { locale: 'en', ...(dealDate ? { dealDate } : {}) }).filter((c) => c.in !== 'export').map((c) => [c.id, c.label, c.sort ?? null]);
    expect(panel('deal', 'closedAt')).to.deep.equal([
      ['title', 'col.title', 'title'], ['stage', 'col.stage', null], ['amount', 'col.amount', 'amount'], ['date', 'col.date', 'closedAt'],
      ['responsible', 'col.responsible', null],
    ]);
    expect(panel('invoice').map((c) => c[0])).to.deep.equal(['number', 'status', 'amount', 'due', 'paid']);
    expect(panel('activity').map((c) => c[0])).to.deep.equal(['channel', 'direction', 'subject', 'date']);
  });

  it('writes a deal: guarded text, plain decimal amount with its own currency, ISO dates', () => {
    const cols = exportColumns('deal', { locale: 'en', pipelines: [{ id: '0', name: 'Sales' }] });
    expect(exportHeader(cols, 'en')).to.deep.equal([
      'ID', 'Title', 'Pipeline', 'Stage', 'Status', 'Amount', 'Currency', 'Created', 'Closed', 'Responsible', 'URL',
    ]);
    expect(exportNumericCells(cols)).to.deep.equal([5]);
    expect(exportRow(cols, deal, 'Europe/Paris')).to.deep.equal([
      '11', `'=HYPERLINK("http://evil","click")`, 'Sales', 'Won, finally', 'Won', '-1234.56', 'EUR',
      '2026-03-01T10:30:00+01:00', '2026-03-02T10:30:00+01:00', `'@boss`, 'https://crm.example/deal/11',
    ]);
    expect(exportRow(cols, { ...deal, amount: null, closedAt: undefined, responsible: undefined }, 'UTC').slice(5, 11))
      .to.deep.equal(['', '', '2026-03-01T09:30:00Z', '', '', 'https://crm.example/deal/11']);
    // Only http(s) URLs: a spreadsheet would make anything else a link.
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative', 'not a url', ' JAVASCRIPT:x']) {
      expect(exportRow(cols, { ...deal, url }, 'UTC').at(-1), url).to.equal('');
    }
  });

  it('writes invoices and activities, in French too', () => {
    const inv = exportColumns('invoice', { locale: 'fr' });
    expect(exportHeader(inv, 'fr')).to.deep.equal(['ID', 'Numéro', 'Statut', 'Montant', 'Devise', 'Créée le', 'Échéance', 'Payée le', 'Affaire', 'URL']);
    expect(exportRow(inv, invoice, 'UTC')).to.deep.equal(['5', 'INV-5', 'Payée', '1500', 'JPY', '2026-03-01T09:30:00Z', '2026-03-01T09:30:00Z', '', '11', '']);
    const act = exportColumns('activity', { locale: 'en' });
    expect(exportHeader(act, 'en')).to.deep.equal(['ID', 'Channel', 'Direction', 'Subject', 'Date', 'Completed', 'Deals', 'Responsible', 'URL']);
    expect(exportRow(act, activity, 'UTC')).to.deep.equal(['9', 'Calls', 'Incoming', `'+33 call "back"`, '2026-03-01T09:30:00Z', 'yes', '11 12', '', '']);
    expect(exportRow(exportColumns('activity', { locale: 'fr' }), { ...activity, completed: false, direction: 'none' }, 'UTC').slice(1, 6))
      .to.deep.equal(['Appels', '', `'+33 call "back"`, '2026-03-01T09:30:00Z', 'non']);
  });

  it('lays out the header lines: client, metric, filter, period, export time, count, total', () => {
    const bag = new MoneyBag().addMinor('EUR', 10_000).addMinor('USD', 5_000).addMinor('GBP', 100);
    const total = convertBag(bag, 'EUR', { base: 'EUR', rates: { USD: '0.5' } });
    const rows = exportPreamble({
      locale: 'en', timeZone: 'UTC', kind: 'deal', clientName: '-Jane Doe', metric: 'Won deals', periodLabel: 'March 2026',
      filter: { client: { type: 'contact', id: '42' }, semantics: ['won'], dates: [{ fields: ['closedAt'], from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) }] },
      period: { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) }, exportedAt: Date.UTC(2026, 3, 2, 8, 0, 0, 5), count: 3, total, withoutAmount: 1,
    });
    expect(rows).to.deep.equal([
      ['Client', `'-Jane Doe`, 'contact 42'],
      ['Metric', 'Won deals'],
      ['Filter', 'Records: deals'],
      ['Filter', 'Client: contact 42'],
      ['Filter', 'Closed from Mar 1, 2026 to Mar 31, 2026'],
      ['Filter', 'Status: Won'],
      ['Period', 'March 2026'],
      ['From', '2026-03-01T00:00:00Z'],
      ['To (excluded)', '2026-04-01T00:00:00Z'],
      ['Exported at', '2026-04-02T08:00:00.005Z'],
      ['Records', '3'],
      ['Total', '125.00', 'EUR'],
      ['Not included (no exchange rate)', 'GBP'],
      ['Without amount', '1'],
    ]);
  });

  it('leaves out what is unknown or does not apply (activities: no total)', () => {
    const rows = exportPreamble({
      locale: 'fr', timeZone: 'UTC', kind: 'activity', metric: 'Activités', periodLabel: 'Toute la période',
      filter: { client: { type: 'company', id: '7' } }, exportedAt: 0, count: 0,
    });
    expect(rows.map((r) => r[0])).to.deep.equal(['Client', 'Indicateur', 'Filtre', 'Filtre', 'Période', 'Exporté le', 'Enregistrements']);
    expect(rows[0]).to.deep.equal(['Client', 'company 7']);
  });
});
