import { expect } from '@open-wc/testing';
import {
  channelOf, decimalDivide, localeFromLang, mapActivity, mapCompany, mapContact, mapDeal, mapInvoice, mapPipelines,
  mapRates, mapStages, paidAtFromPayments, paidAtFromStageHistory, stageMap, type MappingContext,
} from '../../src/adapters/bitrix24/mapping.js';
import { AdapterError } from '../../src/adapters/errors.js';
import type { Stage } from '../../src/core/model.js';

type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (file: string): Promise<any> => fetch(new URL(`../fixtures/bitrix24/${file}`, import.meta.url)).then((r) => r.json());

/** Asserts an AdapterError 'invalid-data' whose field is `field` and whose message starts with it. */
function expectInvalid(fn: () => unknown, field: string, mention?: string): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an AdapterError').to.be.instanceOf(AdapterError);
  const err = error as AdapterError;
  expect(err.kind).to.equal('invalid-data');
  expect(err.field).to.equal(field);
  expect(err.message.startsWith(`${field}: `), err.message).to.equal(true);
  if (mention) expect(err.message).to.contain(mention);
}

const PORTAL = 'acme.bitrix24.com';
const utc = (...a: [number, number, number, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0);

describe('bitrix24 mapping', () => {
  let dealStages: Stage[];
  let invoiceStages: Stage[];
  let stages: Map<string, Stage>;

  before(async () => {
    const [main, cat7, spa] = await Promise.all([
      load('crm.status.list.json'), load('crm.status.list.deal-category-stages.json'), load('crm.status.list.spa-stages-semantics.json'),
    ]);
    dealStages = [...mapStages(main.result), ...mapStages(cat7.result)];
    // The docs have no SMART_INVOICE_STAGE example; SPA directories follow the same rule (SEMANTICS only, no EXTRA).
    const si = JSON.parse(JSON.stringify(spa.result).replaceAll('DYNAMIC_177_STAGE_7', 'SMART_INVOICE_STAGE_5').replaceAll('DT177_7', 'DT31_5'));
    invoiceStages = mapStages(si);
    stages = stageMap([...dealStages, ...invoiceStages]);
  });

  describe('mapStages / mapPipelines', () => {
    it('maps crm.status.list DEAL_STAGE rows with SEMANTICS, APOLOGY (F + EXTRA "apology") is lost', () => {
      expect(dealStages.slice(0, 8)).to.deep.equal([
        { id: 'NEW', pipelineId: '0', kind: 'deal', name: 'New', semantic: 'open' },
        { id: 'PREPARATION', pipelineId: '0', kind: 'deal', name: 'Document preparation', semantic: 'open' },
        { id: 'PREPAYMENT_INVOICE', pipelineId: '0', kind: 'deal', name: 'Prepayment invoice', semantic: 'open' },
        { id: 'EXECUTING', pipelineId: '0', kind: 'deal', name: 'In progress', semantic: 'open' },
        { id: 'FINAL_INVOICE', pipelineId: '0', kind: 'deal', name: 'Final invoice', semantic: 'open' },
        { id: 'WON', pipelineId: '0', kind: 'deal', name: 'Deal successful', semantic: 'won' },
        { id: 'LOSE', pipelineId: '0', kind: 'deal', name: 'Deal failed', semantic: 'lost' },
        { id: 'APOLOGY', pipelineId: '0', kind: 'deal', name: 'Failure reason analysis', semantic: 'lost' },
      ]);
    });

    it('DEAL_STAGE_7 rows without SEMANTICS use EXTRA.SEMANTICS and get the C7: prefix the docs omit', () => {
      expect(dealStages.slice(8)).to.deep.equal([
        { id: 'C7:NEW', pipelineId: '7', kind: 'deal', name: 'New', semantic: 'open' },
        { id: 'C7:WON', pipelineId: '7', kind: 'deal', name: 'Deal successful', semantic: 'won' },
        { id: 'C7:LOSE', pipelineId: '7', kind: 'deal', name: 'Deal failed', semantic: 'lost' },
      ]);
    });

    it('SMART_INVOICE_STAGE_n: S → paid, F → declined, null → open; pipeline from the suffix', () => {
      expect(invoiceStages).to.deep.equal([
        { id: 'DT31_5:NEW', pipelineId: '5', kind: 'invoice', name: 'Start', semantic: 'open' },
        { id: 'DT31_5:SUCCESS', pipelineId: '5', kind: 'invoice', name: 'Success', semantic: 'paid' },
        { id: 'DT31_5:FAIL', pipelineId: '5', kind: 'invoice', name: 'Failure', semantic: 'declined' },
      ]);
    });

    it('skips other directories, reads EXTRA [] as an empty map, validates SEMANTICS', async () => {
      expect(mapStages((await load('crm.status.list.spa-stages-semantics.json')).result)).to.deep.equal([]);
      expect(mapStages([{ ENTITY_ID: 'STATUS', STATUS_ID: 'NEW', NAME: 'x' }])).to.deep.equal([]);
      expect(mapStages([{ ENTITY_ID: 'DEAL_STAGE_3', STATUS_ID: 'C3:X', NAME: 'X', SEMANTICS: null, EXTRA: [] }])).to.deep.equal([
        { id: 'C3:X', pipelineId: '3', kind: 'deal', name: 'X', semantic: 'open' },
      ]);
      expectInvalid(() => mapStages([{ ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'X', SEMANTICS: 'Q' }]), 'crm.status.list result[0].SEMANTICS');
      expectInvalid(() => mapStages([{ ENTITY_ID: 'DEAL_STAGE', NAME: 'X' }]), 'crm.status.list result[0].STATUS_ID');
    });

    it('maps crm.category.list (numbers, id 0 = General)', async () => {
      expect(mapPipelines((await load('crm.category.list.json')).result)).to.deep.equal([
        { id: '9', name: 'Funnel with Original Name' },
        { id: '10', name: 'Lead Route' },
        { id: '11', name: 'Path to Success' },
        { id: '0', name: 'General' },
      ]);
      expect(mapPipelines((await load('crm.category.list.deal.json')).result)).to.deep.equal([
        { id: '0', name: 'General' },
        { id: '7', name: 'Contract renewal' },
      ]);
      expectInvalid(() => mapPipelines({ categories: [{ id: 'x', name: 'A' }] }), 'crm.category.list result.categories[0].id');
      expectInvalid(() => mapPipelines({}), 'crm.category.list result.categories');
    });
  });

  describe('mapDeal', () => {
    const created = '2024-04-24T17:34:03+03:00';
    const createdAt = utc(2024, 4, 24, 14, 34, 3);
    const users = new Map([['1', 'Ann Admin'], ['29', 'Bob Seller']]);

    it('the docs list example (select id,title,assignedById,opportunity) lacks the fields a Deal needs', async () => {
      const items = (await load('crm.item.list.deal.json')).result.items as Json[];
      expectInvalid(() => mapDeal(items[0], { portal: PORTAL }, 'crm.item.list items[0]'), 'crm.item.list items[0].stageId');
      expectInvalid(() => mapDeal({ ...items[0], stageId: 'C7:WON' }, { portal: PORTAL, stages }, 'crm.item.list items[0]'),
        'crm.item.list items[0].categoryId');
    });

    it('maps the list items once the adapter selects categoryId, stageId, currencyId, createdTime, closedate', async () => {
      const items = (await load('crm.item.list.deal.json')).result.items as Json[];
      const extra = { categoryId: 7, stageId: 'C7:WON', currencyId: 'EUR', createdTime: created, closedate: '2024-05-02T00:00:00+03:00' };
      const issues: string[] = [];
      const deals = items.map((it, i) => mapDeal({ ...it, ...extra }, { portal: PORTAL, stages, users, onIssue: (m) => issues.push(m) }, `crm.item.list items[${i}]`));
      const common = {
        pipelineId: '7', stageId: 'C7:WON', stageName: 'Deal successful', semantic: 'won', createdAt, closedAt: utc(2024, 5, 1, 21),
      };
      expect(deals).to.deep.equal([
        { id: '5111', title: 'Purchase of ovens', ...common, amount: { minor: 500_00, currency: 'EUR' }, responsible: { id: '1', name: 'Ann Admin' }, url: `https://${PORTAL}/crm/deal/details/5111/` },
        { id: '5199', title: 'Purchase of heaters', ...common, amount: { minor: 250_00, currency: 'EUR' }, responsible: { id: '29', name: 'Bob Seller' }, url: `https://${PORTAL}/crm/deal/details/5199/` },
        { id: '5257', title: 'Purchase of bread makers', ...common, amount: { minor: 200_00, currency: 'EUR' }, responsible: { id: '29', name: 'Bob Seller' }, url: `https://${PORTAL}/crm/deal/details/5257/` },
        { id: '5273', title: 'Purchase of cars', ...common, amount: { minor: 0, currency: 'EUR' }, responsible: { id: '29', name: 'Bob Seller' }, url: `https://${PORTAL}/crm/deal/details/5273/` },
        { id: '5317', title: 'Purchase of blenders', ...common, amount: { minor: 100_00, currency: 'EUR' }, responsible: { id: '29', name: 'Bob Seller' }, url: `https://${PORTAL}/crm/deal/details/5317/` },
      ]);
      expect(issues).to.deep.equal([]);
    });

    it('reads a full crm.item.get item (numbers, opportunity 999.9 exactly) and rejects a lead', async () => {
      const lead = (await load('crm.item.get.lead.json')).result.item as Json;
      expectInvalid(() => mapDeal(lead, { portal: PORTAL }, 'crm.item.get item'), 'crm.item.get item.entityTypeId');
      const issues: string[] = [];
      const deal = mapDeal({ ...lead, entityTypeId: 2, categoryId: 0 }, { portal: PORTAL, users, onIssue: (m) => issues.push(m) }, 'crm.item.get item');
      expect(deal).to.deep.equal({
        id: '250', title: 'Lead #250', pipelineId: '0', stageId: 'IN_PROCESS', semantic: 'open',
        amount: { minor: 99990, currency: 'USD' }, createdAt: utc(2024, 7, 22, 16, 0, 8),
        responsible: { id: '1', name: 'Ann Admin' }, url: `https://${PORTAL}/crm/deal/details/250/`,
      });
      expect(issues).to.deep.equal(['crm.item.get item.stageId: unknown stage "IN_PROCESS"']);
    });

    const base = { id: 7, title: 'T', categoryId: 0, stageId: 'NEW', stageSemanticId: 'P', opportunity: '19999.99', currencyId: 'EUR', createdTime: created };
    let ctx: MappingContext;
    before(() => {
      ctx = { portal: PORTAL, stages };
    });

    it('stageSemanticId P/S/F → open/won/lost; closedAt only for closed deals; falls back to the stage semantic', () => {
      const close = { closedate: '2024-05-01T10:00:00+00:00' };
      expect(mapDeal({ ...base, ...close }, ctx).semantic).to.equal('open');
      expect(mapDeal({ ...base, ...close }, ctx)).to.not.have.property('closedAt');
      expect(mapDeal({ ...base, ...close, stageSemanticId: 'S', stageId: 'WON' }, ctx)).to.include({ semantic: 'won', closedAt: utc(2024, 5, 1, 10) });
      expect(mapDeal({ ...base, ...close, stageSemanticId: 'F', stageId: 'LOSE' }, ctx)).to.include({ semantic: 'lost', closedAt: utc(2024, 5, 1, 10) });
      expect(mapDeal({ ...base, stageSemanticId: 'S', closedate: null }, ctx)).to.not.have.property('closedAt');
      // The exact moment the deal entered its final stage wins over the calendar-day closedate.
      const moved = { ...close, movedTime: '2024-04-30T18:25:00+03:00' };
      expect(mapDeal({ ...base, ...moved, stageSemanticId: 'S', stageId: 'WON' }, ctx)).to.include({ closedAt: utc(2024, 4, 30, 15, 25) });
      expect(mapDeal({ ...base, ...moved }, ctx)).to.not.have.property('closedAt');
      expect(mapDeal({ ...base, stageSemanticId: undefined, stageId: 'APOLOGY' }, ctx)).to.include({ semantic: 'lost', stageName: 'Failure reason analysis' });
      expectInvalid(() => mapDeal({ ...base, stageSemanticId: undefined, stageId: 'ZZ' }, ctx), 'crm.item deal.stageSemanticId');
      expectInvalid(() => mapDeal({ ...base, stageSemanticId: 'X' }, ctx), 'crm.item deal.stageSemanticId', 'expected "P", "S" or "F"');
      expectInvalid(() => mapDeal({ ...base, stageSemanticId: 'toString' }, ctx), 'crm.item deal.stageSemanticId', 'expected "P", "S" or "F"');
    });

    it('amount: decimal string or number exactly; missing → null; unknown currency → null + onIssue', () => {
      expect(mapDeal(base, ctx).amount).to.deep.equal({ minor: 1999999, currency: 'EUR' });
      expect(mapDeal({ ...base, opportunity: 19999.99 }, ctx).amount).to.deep.equal({ minor: 1999999, currency: 'EUR' });
      expect(mapDeal({ ...base, opportunity: undefined }, ctx).amount).to.equal(null);
      expect(mapDeal({ ...base, opportunity: null }, ctx).amount).to.equal(null);
      const issues: string[] = [];
      const onIssue = (m: string) => issues.push(m);
      expect(mapDeal({ ...base, currencyId: 'XQQ' }, { ...ctx, onIssue }).amount).to.equal(null);
      expect(mapDeal({ ...base, currencyId: null }, { ...ctx, onIssue }).amount).to.equal(null);
      expect(mapDeal({ ...base, opportunity: '0.5', currencyId: 'JPY' }, { ...ctx, onIssue }).amount).to.equal(null);
      expect(issues).to.have.length(3);
      expect(issues[0]).to.contain('crm.item deal.currencyId').and.contain('XQQ');
      expect(issues[2]).to.contain('crm.item deal.opportunity');
    });

    it('invalid values name the field path', () => {
      for (const bad of ['abc', '1,5', '', true, {}, [], Number.NaN]) {
        expectInvalid(() => mapDeal({ ...base, opportunity: bad }, ctx, 'crm.item.list items[3]'), 'crm.item.list items[3].opportunity');
      }
      let message = '';
      try {
        mapDeal({ ...base, opportunity: 'abc' }, ctx, 'crm.item.list items[3]');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.equal('crm.item.list items[3].opportunity: expected a number or decimal string');
      expectInvalid(() => mapDeal({ ...base, id: 'x1' }, ctx), 'crm.item deal.id');
      expectInvalid(() => mapDeal({ ...base, id: 0 }, ctx), 'crm.item deal.id');
      expectInvalid(() => mapDeal({ ...base, createdTime: 'yesterday' }, ctx), 'crm.item deal.createdTime');
      expectInvalid(() => mapDeal({ ...base, createdTime: '2024-04-24T17:34:03' }, ctx), 'crm.item deal.createdTime');
      expectInvalid(() => mapDeal({ ...base, createdTime: undefined }, ctx), 'crm.item deal.createdTime');
      expectInvalid(() => mapDeal({ ...base, closedate: 12 }, ctx), 'crm.item deal.closedate');
      expectInvalid(() => mapDeal({ ...base, categoryId: -1 }, ctx), 'crm.item deal.categoryId');
      expectInvalid(() => mapDeal({ ...base, title: {} }, ctx), 'crm.item deal.title');
      expectInvalid(() => mapDeal(null, ctx), 'crm.item deal');
    });

    it('string ids and categoryId are accepted (legacy-style values), responsible omitted without a name', () => {
      const d = mapDeal({ ...base, id: '7', categoryId: '7', stageId: 'C7:NEW', assignedById: '1' }, ctx);
      expect(d).to.deep.equal({
        id: '7', title: 'T', pipelineId: '7', stageId: 'C7:NEW', stageName: 'New', semantic: 'open',
        amount: { minor: 1999999, currency: 'EUR' }, createdAt, url: `https://${PORTAL}/crm/deal/details/7/`,
      });
    });
  });

  describe('mapInvoice / paid dates', () => {
    const inv = {
      id: 128, entityTypeId: 31, title: 'Invoice for CRM document', categoryId: 5, stageId: 'DT31_5:SUCCESS',
      opportunity: 150, currencyId: 'EUR', createdTime: '2025-04-01T09:00:00+02:00', begindate: '2025-04-01T00:00:00+02:00',
      closedate: '2025-04-30T00:00:00+02:00', parentId2: 6917,
    };

    it('the crm.item.add example is abridged (no stageId): rejected with the field path', async () => {
      const item = (await load('crm.item.add.smart-invoice.json')).result.item as Json;
      expectInvalid(() => mapInvoice(item, { portal: PORTAL, stages }, { path: 'crm.item.add item' }), 'crm.item.add item.stageId');
    });

    it('maps a full smart invoice; paidAt from the payments fixture kept when paid', async () => {
      const item = (await load('crm.item.add.smart-invoice.json')).result.item as Json;
      const paidAt = paidAtFromPayments((await load('crm.item.payment.list.paid-date.json')).result);
      expect(paidAt).to.equal(utc(2025, 4, 29, 10, 3, 20));
      expect(mapInvoice({ ...inv, ...item }, { portal: PORTAL, stages }, { paidAt })).to.deep.equal({
        id: '128', title: 'Invoice for CRM document', stageId: 'DT31_5:SUCCESS', stageName: 'Success', semantic: 'paid',
        amount: { minor: 150_00, currency: 'EUR' }, createdAt: utc(2025, 4, 1, 7), dueAt: utc(2025, 4, 29, 22),
        paidAt: utc(2025, 4, 29, 10, 3, 20), dealId: '6917', url: `https://${PORTAL}/crm/type/31/details/128/`,
      });
    });

    it('semantic from the stage SEMANTICS: F → declined, null → open, unknown → open + issue; paidAt only when paid', () => {
      const ctx: MappingContext = { portal: PORTAL, stages };
      expect(mapInvoice({ ...inv, stageId: 'DT31_5:FAIL' }, ctx, { paidAt: 1 })).to.include({ semantic: 'declined' }).and.not.have.property('paidAt');
      expect(mapInvoice({ ...inv, stageId: 'DT31_5:NEW', parentId2: 0, closedate: null }, ctx)).to.deep.equal({
        id: '128', title: 'Invoice for CRM document', stageId: 'DT31_5:NEW', stageName: 'Start', semantic: 'open',
        amount: { minor: 150_00, currency: 'EUR' }, createdAt: utc(2025, 4, 1, 7), url: `https://${PORTAL}/crm/type/31/details/128/`,
      });
      const issues: string[] = [];
      expect(mapInvoice({ ...inv, stageId: 'DT31_9:P' }, { ...ctx, onIssue: (m) => issues.push(m) }).semantic).to.equal('open');
      expect(issues).to.deep.equal(['crm.item invoice.stageId: unknown invoice stage "DT31_9:P", treated as open']);
      // A deal stage id is not an invoice stage.
      expect(mapInvoice({ ...inv, stageId: 'WON' }, ctx).semantic).to.equal('open');
      expectInvalid(() => mapInvoice({ ...inv, entityTypeId: 2 }, ctx), 'crm.item invoice.entityTypeId');
      expectInvalid(() => mapInvoice({ ...inv, opportunity: 'x' }, ctx, { path: 'crm.item.list items[1]' }), 'crm.item.list items[1].opportunity');
      expectInvalid(() => mapInvoice({ ...inv, parentId2: 'deal' }, ctx), 'crm.item invoice.parentId2');
    });

    it('paidAtFromStageHistory: latest entry into an S stage (numbers or strings), per owner', async () => {
      const rows = (await load('crm.stage.history.list.json')).result.items as Json[];
      expect(paidAtFromStageHistory(rows)).to.equal(undefined); // the fixture only has the creation row (P)
      const more = [
        ...rows,
        { ID: 36, TYPE_ID: 3, OWNER_ID: 21, CREATED_TIME: '2024-04-26T10:00:00+00:00', CATEGORY_ID: 0, STAGE_SEMANTIC_ID: 'S', STAGE_ID: 'DT31_5:P' },
        { ID: '37', TYPE_ID: '2', OWNER_ID: '21', CREATED_TIME: '2024-04-27T10:00:00+00:00', STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'DT31_5:N' },
        { ID: '38', TYPE_ID: '3', OWNER_ID: '21', CREATED_TIME: '2024-04-28T10:00:00+00:00', STAGE_SEMANTIC_ID: 'S', STAGE_ID: 'DT31_5:P' },
        { ID: 39, TYPE_ID: 3, OWNER_ID: 22, CREATED_TIME: '2024-04-29T10:00:00+00:00', STAGE_SEMANTIC_ID: 'S', STAGE_ID: 'DT31_5:P' },
      ];
      expect(paidAtFromStageHistory(more, '21')).to.equal(utc(2024, 4, 28, 10));
      expect(paidAtFromStageHistory(more)).to.equal(utc(2024, 4, 29, 10));
      expect(paidAtFromStageHistory(more, '99')).to.equal(undefined);
      expectInvalid(() => paidAtFromStageHistory([{ OWNER_ID: 1, STAGE_SEMANTIC_ID: 'S', CREATED_TIME: 'x' }]), 'crm.stage.history.list items[0].CREATED_TIME');
    });

    it('paidAtFromPayments: latest datePaid of paid=Y rows', async () => {
      const rows = (await load('crm.item.payment.list.json')).result as Json[];
      expect(paidAtFromPayments(rows)).to.equal(utc(2024, 5, 20, 9, 32, 2));
      expect(paidAtFromPayments([...rows, { ...rows[0], datePaid: '2024-06-01T00:00:00+00:00' }])).to.equal(utc(2024, 6, 1));
      expect(paidAtFromPayments([rows[1]])).to.equal(undefined);
      expect(paidAtFromPayments([])).to.equal(undefined);
      expectInvalid(() => paidAtFromPayments([{ ...rows[0], datePaid: null }]), 'crm.item.payment.list result[0].datePaid');
      expectInvalid(() => paidAtFromPayments([{ ...rows[0], paid: 'maybe' }]), 'crm.item.payment.list result[0].paid');
    });
  });

  describe('mapActivity', () => {
    const users = new Map([['505', 'Vera Calls']]);

    it('maps the crm.activity.list fixture (all strings, SETTINGS [] ignored)', async () => {
      const rows = (await load('crm.activity.list.json')).result as Json[];
      expect(rows.map((r, i) => mapActivity(r, { portal: PORTAL, users }, `crm.activity.list result[${i}]`))).to.deep.equal([{
        id: '20', channel: 'call', providerId: 'VOXIMPLANT_CALL', direction: 'out', completed: true,
        createdAt: utc(2020, 9, 27, 10, 26, 55), subject: 'Outgoing call Klaus Weber', dealIds: [],
        responsible: { id: '505', name: 'Vera Calls' }, url: `https://${PORTAL}/crm/contact/details/15/`,
      }]);
    });

    it('maps crm.activity.get without a users map (no responsible)', async () => {
      const row = (await load('crm.activity.get.json')).result as Json;
      expect(mapActivity(row, { portal: PORTAL })).to.deep.equal({
        id: '999', channel: 'call', providerId: 'VOXIMPLANT_CALL', direction: 'out', completed: true,
        createdAt: utc(2020, 9, 27, 11, 26, 55), subject: 'Outgoing call Andrew Johnson', dealIds: [],
        url: `https://${PORTAL}/crm/contact/details/15/`,
      });
    });

    it('the by-deal-bindings tutorial rows are abridged (no CREATED): rejected naming the field', async () => {
      const rows = (await load('crm.activity.list.by-deal-bindings.json')).result as Json[];
      expectInvalid(() => mapActivity(rows[0], { portal: PORTAL }, 'crm.activity.list result[0]'), 'crm.activity.list result[0].CREATED');
    });

    const base = { ID: '5', TYPE_ID: '6', PROVIDER_ID: 'CRM_TODO', DIRECTION: '0', COMPLETED: 'N', CREATED: '2024-01-02T03:04:05+00:00', SUBJECT: 'S', RESPONSIBLE_ID: '9' };

    it('dealIds from OWNER_TYPE_ID 2 and BINDINGS (strings or numbers), deduplicated', () => {
      const a = mapActivity({
        ...base, OWNER_TYPE_ID: '2', OWNER_ID: '5111',
        BINDINGS: [{ OWNER_TYPE_ID: '2', OWNER_ID: '5111' }, { OWNER_TYPE_ID: 3, OWNER_ID: 15 }, { OWNER_TYPE_ID: 2, OWNER_ID: 5199 }],
      }, { portal: PORTAL });
      expect(a).to.deep.equal({
        id: '5', channel: 'todo', providerId: 'CRM_TODO', direction: 'none', completed: false, createdAt: utc(2024, 1, 2, 3, 4, 5),
        subject: 'S', dealIds: ['5111', '5199'], url: `https://${PORTAL}/crm/deal/details/5111/`,
      });
      expect(mapActivity({ ...base, OWNER_TYPE_ID: '3', OWNER_ID: '15', BINDINGS: [] }, { portal: PORTAL }).dealIds).to.deep.equal([]);
      expectInvalid(() => mapActivity({ ...base, BINDINGS: {} }, { portal: PORTAL }), 'crm.activity.list result.BINDINGS');
      expectInvalid(() => mapActivity({ ...base, BINDINGS: [{ OWNER_TYPE_ID: '2', OWNER_ID: 'x' }] }, { portal: PORTAL }), 'crm.activity.list result.BINDINGS[0].OWNER_ID');
    });

    it('channel from PROVIDER_ID then TYPE_ID; direction 1/2/other; COMPLETED Y', () => {
      const table: [string, string, string][] = [
        ['2', '', 'call'], ['6', 'VOXIMPLANT_CALL', 'call'], ['4', '', 'email'], ['6', 'CRM_EMAIL', 'email'],
        ['1', '', 'meeting'], ['6', 'CRM_MEETING', 'meeting'], ['6', 'IMOPENLINES_SESSION', 'chat'], ['6', 'CRM_SMS', 'sms'],
        ['6', 'CRM_WEBFORM', 'webform'], ['3', '', 'task'], ['6', 'CRM_TASKS_TASK', 'task'], ['6', 'CRM_TODO', 'todo'],
        ['5', '', 'other'], ['6', 'REST_APP', 'other'], ['0', '', 'other'],
        // Names of Object.prototype are no table's keys.
        ['constructor', '', 'other'], ['toString', '__proto__', 'other'],
      ];
      for (const [type, provider, channel] of table) expect(channelOf(type, provider), `${type}/${provider}`).to.equal(channel);
      const dir = (DIRECTION: unknown) => mapActivity({ ...base, DIRECTION }, { portal: PORTAL }).direction;
      expect([dir('1'), dir('2'), dir('0'), dir(null), dir(undefined)]).to.deep.equal(['in', 'out', 'none', 'none', 'none']);
      expect(mapActivity({ ...base, COMPLETED: 'Y' }, { portal: PORTAL }).completed).to.equal(true);
      // An owner type that is a name of Object.prototype is no known owner: no link.
      expect(mapActivity({ ...base, OWNER_TYPE_ID: 'constructor', OWNER_ID: '15' }, { portal: PORTAL })).to.not.have.property('url');
      expect(mapActivity({ ...base, OWNER_TYPE_ID: '3', OWNER_ID: '15' }, { portal: PORTAL }).url).to.match(/\/crm\/contact\/details\/15\/$/);
      const noProvider = mapActivity({ ...base, TYPE_ID: '4', PROVIDER_ID: null }, { portal: PORTAL });
      expect(noProvider.channel).to.equal('email');
      expect(noProvider).to.not.have.property('providerId');
      expectInvalid(() => mapActivity({ ...base, COMPLETED: 'maybe' }, { portal: PORTAL }), 'crm.activity.list result.COMPLETED');
      expectInvalid(() => mapActivity({ ...base, ID: '' }, { portal: PORTAL }), 'crm.activity.list result.ID');
      expectInvalid(() => mapActivity({ ...base, CREATED: '27.09.2020 13:26:55' }, { portal: PORTAL }), 'crm.activity.list result.CREATED');
    });
  });

  describe('mapContact / mapCompany', () => {
    it('maps the crm.contact.get fixture (multifields; COMPANY_TITLE is not returned)', async () => {
      const row = (await load('crm.contact.get.json')).result as Json;
      expect(mapContact(row, { portal: PORTAL, users: new Map([['6', 'Sam Owner']]) })).to.deep.equal({
        type: 'contact', id: '43', name: 'John Doe Smith',
        emails: ['johnsmith@example.mailing', 'johnsmith@example.work'], phones: ['+13333333555', '+15599888666'],
        responsible: { id: '6', name: 'Sam Owner' }, position: 'Administrator', company: { id: '12', name: '' },
        url: `https://${PORTAL}/crm/contact/details/43/`,
      });
    });

    it('PHOTO: file object resolved against the portal, http(s) only; [] / null → none', async () => {
      const row = (await load('crm.contact.get.json')).result as Json;
      const photo = (PHOTO: unknown) => mapContact({ ...row, PHOTO }, { portal: PORTAL }).photoUrl;
      expect(photo({ id: 1, showUrl: '/bitrix/show.php?x=1', downloadUrl: '/bitrix/download.php?x=1' })).to.equal(`https://${PORTAL}/bitrix/download.php?x=1`);
      expect(photo('https://cdn.example/p.png')).to.equal('https://cdn.example/p.png');
      expect(photo('javascript:alert(1)')).to.equal(undefined);
      expect(photo([])).to.equal(undefined);
      expect(photo(null)).to.equal(undefined);
      const c = mapContact({ ...row, COMPANY_ID: '0', COMPANY_TITLE: 'X', EMAIL: [], PHONE: undefined, NAME: ' Ann ', SECOND_NAME: '', LAST_NAME: null }, { portal: PORTAL });
      expect(c).to.include({ name: 'Ann' }).and.not.have.property('company');
      expect([c.emails, c.phones]).to.deep.equal([[], []]);
      expect(mapContact({ ...row, COMPANY_TITLE: 'Müller GmbH' }, { portal: PORTAL }).company).to.deep.equal({ id: '12', name: 'Müller GmbH' });
      expectInvalid(() => mapContact({ ...row, EMAIL: 'a@b' }, { portal: PORTAL }), 'crm.contact.get result.EMAIL');
      expectInvalid(() => mapContact({ ...row, PHONE: [{ VALUE: {} }] }, { portal: PORTAL }), 'crm.contact.get result.PHONE[0].VALUE');
      expectInvalid(() => mapContact({ ...row, NAME: 5n as unknown }, { portal: PORTAL }), 'crm.contact.get result.NAME');
    });

    it('maps the crm.company.get fixture (INDUSTRY code, no multifields, LOGO null)', async () => {
      const row = (await load('crm.company.get.json')).result as Json;
      expect(mapCompany(row, { portal: PORTAL })).to.deep.equal({
        type: 'company', id: '2909', name: 'GAZPROM', emails: [], phones: [], industry: 'IT', url: `https://${PORTAL}/crm/company/details/2909/`,
      });
      const full = mapCompany({
        ...row, LOGO: { downloadUrl: 'http://files.example/logo.png' },
        WEB: [{ VALUE: 'www.gazprom.example', VALUE_TYPE: 'WORK' }, { VALUE: 'other.example', VALUE_TYPE: 'HOME' }],
        EMAIL: [{ VALUE: 'info@gazprom.example', VALUE_TYPE: 'WORK' }, { VALUE: 'info@gazprom.example', VALUE_TYPE: 'HOME' }],
      }, { portal: PORTAL, users: new Map([['139', 'Ivan']]) });
      expect(full).to.deep.equal({
        type: 'company', id: '2909', name: 'GAZPROM', photoUrl: 'http://files.example/logo.png', emails: ['info@gazprom.example'], phones: [],
        responsible: { id: '139', name: 'Ivan' }, industry: 'IT', website: 'www.gazprom.example', url: `https://${PORTAL}/crm/company/details/2909/`,
      });
      expectInvalid(() => mapCompany({ ...row, ID: null }, { portal: PORTAL }), 'crm.company.get result.ID');
      expectInvalid(() => mapCompany({ ...row, LOGO: 'x', WEB: 7 }, { portal: PORTAL }), 'crm.company.get result.WEB');
    });
  });

  describe('mapRates', () => {
    it('maps the crm.currency.list fixture: AMOUNT / AMOUNT_CNT exactly, repeated USD deduped, base "1"', async () => {
      const [list, base] = await Promise.all([load('crm.currency.list.json'), load('crm.currency.base.get.json')]);
      const issues: string[] = [];
      expect(mapRates(list.result, base.result, { onIssue: (m) => issues.push(m) })).to.deep.equal({
        baseCurrency: 'USD', currencies: ['USD', 'EUR', 'CAD'], rates: { base: 'USD', rates: { EUR: '78.32', CAD: '32.2', USD: '1' } },
      });
      expect(issues).to.deep.equal(['crm.currency.list result[1].CURRENCY: USD listed again, first row kept']);
    });

    it('divides exactly to 12 significant digits (half even), no float artefacts', () => {
      expect(decimalDivide('93.1700', '1')).to.equal('93.17');
      expect(decimalDivide('3725.0000', '100')).to.equal('37.25');
      expect(decimalDivide('1', '3')).to.equal('0.333333333333');
      expect(decimalDivide('2', '3')).to.equal('0.666666666667');
      expect(decimalDivide('0.3', '0.1')).to.equal('3');
      expect(decimalDivide('1', '10000')).to.equal('0.0001');
      expect(decimalDivide('123456789012345', '1')).to.equal('123456789012000');
      expect(decimalDivide('0.0000001', '7')).to.equal('0.0000000142857142857');
      expect(decimalDivide('9.9999999999995', '1')).to.equal('10'); // rounds up across a power of ten
      expect(decimalDivide('1.00000000000050', '1')).to.equal('1'); // tie → even
      expect(decimalDivide(68.79, 1)).to.equal('68.79');
    });

    it('rate per AMOUNT_CNT units (JPY per 100), invalid rates name the field', () => {
      const rows = [{ CURRENCY: 'JPY', AMOUNT_CNT: '100', AMOUNT: '0.6500' }, { CURRENCY: 'eur', AMOUNT_CNT: '1', AMOUNT: '1.0850' }];
      expect(mapRates(rows, 'usd')).to.deep.equal({
        baseCurrency: 'USD', currencies: ['USD', 'JPY', 'EUR'], rates: { base: 'USD', rates: { JPY: '0.0065', EUR: '1.085', USD: '1' } },
      });
      expectInvalid(() => mapRates([{ CURRENCY: 'EUR', AMOUNT_CNT: '1', AMOUNT: '0' }], 'USD'), 'crm.currency.list result[0].AMOUNT');
      expectInvalid(() => mapRates([{ CURRENCY: 'EUR', AMOUNT_CNT: '1', AMOUNT: '1,08' }], 'USD'), 'crm.currency.list result[0].AMOUNT');
      expectInvalid(() => mapRates([{ CURRENCY: 'EUR', AMOUNT_CNT: '-1', AMOUNT: '1' }], 'USD'), 'crm.currency.list result[0].AMOUNT_CNT');
      expectInvalid(() => mapRates([{ CURRENCY: '', AMOUNT_CNT: '1', AMOUNT: '1' }], 'USD'), 'crm.currency.list result[0].CURRENCY');
      expectInvalid(() => mapRates([], 'NOPE'), 'crm.currency.base.get result');
      const issues: string[] = [];
      expect(mapRates([{ CURRENCY: 'XQQ', AMOUNT_CNT: '1', AMOUNT: '2' }], 'EUR', { onIssue: (m) => issues.push(m) }).currencies).to.deep.equal(['EUR']);
      expect(issues).to.have.length(1);
    });
  });

  describe('localeFromLang', () => {
    it('maps Bitrix24 LANG ids to BCP 47', () => {
      const table: [unknown, string][] = [
        ['br', 'pt-BR'], ['la', 'es'], ['ua', 'uk'], ['sc', 'zh-CN'], ['tc', 'zh-TW'], ['kz', 'kk'], ['vn', 'vi'],
        ['en', 'en'], ['de', 'de'], ['ru', 'ru'], ['fr', 'fr'], ['pl', 'pl'], ['tr', 'tr'], ['ja', 'ja'], ['BR', 'pt-BR'], ['DE', 'de'],
        ['', 'en'], ['  ', 'en'], [null, 'en'], [undefined, 'en'], [42, 'en'], ['not a lang!', 'en'], ['x_y', 'en'],
      ];
      for (const [lang, locale] of table) expect(localeFromLang(lang), String(lang)).to.equal(locale);
    });
  });
});
