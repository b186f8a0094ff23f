/**
 * The emulator's Bitrix24 semantics, in-process (no HTTP): paging, filter prefixes, BINDINGS,
 * contacts of deals, stage history, batch, auth, rate limit and fault knobs. Expected values are
 * computed from the demo dataset directly, not through the emulator's own row code.
 */
import { expect } from '@open-wc/testing';
import { Bitrix24Emulator, type EmulatorOptions } from '../../emulator/bitrix24/emulator.js';
import { parsePhpQuery } from '../../emulator/bitrix24/query.js';
import { Bitrix24Client, WebhookTransport } from '../../src/adapters/bitrix24/client.js';
import { decimalDivide } from '../../src/adapters/bitrix24/mapping.js';
import type { DemoActivity } from '../../src/adapters/demo/generate.js';

type Body = Record<string, unknown>;
const HOOK = '/rest/1/demo-webhook-code/';

function caller(emu: Bitrix24Emulator) {
  const call = (method: string, params: unknown = {}) => emu.handle({ path: `${HOOK}${method}.json`, body: params, method: 'POST' });
  const ok = async (method: string, params: unknown = {}): Promise<Body> => {
    const res = await call(method, params);
    expect(res.status, `${method} ${JSON.stringify(params)} → ${JSON.stringify(res.body).slice(0, 300)}`).to.equal(200);
    return res.body as Body;
  };
  /** Every row of a list method, page by page (`start` = `next`). */
  const all = async (method: string, params: Body, pick = (b: Body) => b['result'] as Body[]): Promise<{ rows: Body[]; total: number; pages: number }> => {
    const rows: Body[] = [];
    let start = 0;
    let total = -1;
    let pages = 0;
    for (;;) {
      const b = await ok(method, { ...params, start });
      pages++;
      if (total < 0) total = b['total'] as number;
      rows.push(...pick(b));
      if (b['next'] === undefined) return { rows, total, pages };
      start = b['next'] as number;
    }
  };
  return { call, ok, all };
}

const ids = (rows: Body[], key = 'ID') => rows.map((r) => Number(r[key]));
const items = (b: Body) => (b['result'] as { items: Body[] }).items;

/** The channel table of the brief, written out independently of the emulator's. */
const TYPE_OF: Record<string, number> = { call: 2, email: 4, meeting: 1, chat: 6, sms: 6, webform: 6, task: 3, todo: 6, other: 6 };

describe('Bitrix24 emulator: semantics (in-process)', () => {
  let emu: Bitrix24Emulator;
  let api: ReturnType<typeof caller>;

  before(() => {
    emu = new Bitrix24Emulator({ rateLimit: false });
    api = caller(emu);
  });
  afterEach(() => emu.reset());

  /** Activities bound to (type, id), from the demo data: direct, their deals, and those deals' clients. */
  function boundTo(a: DemoActivity, type: number, id: string): boolean {
    if (type === 2) return a.dealIds.includes(id);
    const deals = a.dealIds.map((d) => emu.data.deals.find((x) => x.id === d)!);
    if (type === 3) return a.contactIds.includes(id) || deals.some((d) => d.contactIds.includes(id));
    return a.companyIds.includes(id) || deals.some((d) => d.companyId === id);
  }

  describe('paging', () => {
    it('50 rows a page, total = all matching rows, next = start + 50 while rows remain', async () => {
      const n = emu.data.activities.length;
      const first = await api.ok('crm.activity.list', { select: ['ID'] });
      expect((first['result'] as Body[]).length).to.equal(50);
      expect(first['total']).to.equal(n);
      expect(first['next']).to.equal(50);
      const last = await api.ok('crm.activity.list', { select: ['ID'], start: n - 10 });
      expect((last['result'] as Body[]).length).to.equal(10);
      expect(last).not.to.have.property('next');
      const { rows, total, pages } = await api.all('crm.item.list', { entityTypeId: 2, select: ['id'] }, items);
      expect(total).to.equal(emu.data.deals.length);
      expect(pages).to.equal(Math.ceil(emu.data.deals.length / 50));
      expect(ids(rows, 'id')).to.deep.equal(emu.data.deals.map((d) => Number(d.id)));
    });

    it('a page exactly at the end has no next; start -1 skips counting', async () => {
      const fifty = await api.ok('crm.activity.list', { select: ['ID'], filter: { '<=ID': 50 } });
      expect(fifty['total']).to.equal(50);
      expect(fifty).not.to.have.property('next');
      const fast = await api.ok('crm.activity.list', { select: ['ID'], start: -1 });
      expect(fast['total']).to.equal(0);
      expect(fast).not.to.have.property('next');
      expect((fast['result'] as Body[]).length).to.equal(50);
    });
  });

  describe('filters (crm.activity.list: legacy keys, string values)', () => {
    const total = async (filter: Body) => (await api.ok('crm.activity.list', { filter, select: ['ID'] }))['total'] as number;
    const count = (pred: (a: DemoActivity) => boolean) => emu.data.activities.filter(pred).length;

    it('CREATED with >=, >, <, <=: ISO with offset and date-only (portal time, +03:00)', async () => {
      const from = Date.parse('2026-10-01T00:00:00+03:00');
      const to = Date.parse('2026-11-01T00:00:00+03:00');
      const inOctober = count((a) => a.createdAt >= from && a.createdAt < to);
      expect(inOctober).to.be.greaterThan(0);
      expect(await total({ '>=CREATED': '2026-10-01', '<CREATED': '2026-11-01T00:00:00+03:00' })).to.equal(inOctober);
      const a = emu.data.activities[100]!;
      const at = new Date(a.createdAt).toISOString(); // Z: an instant in another zone
      expect(await total({ '>CREATED': at })).to.equal(count((x) => x.createdAt > a.createdAt));
      expect(await total({ '<=CREATED': at })).to.equal(count((x) => x.createdAt <= a.createdAt));
    });

    it('TYPE_ID and PROVIDER_ID with @ and !@, DIRECTION, COMPLETED, !', async () => {
      expect(await total({ '@TYPE_ID': [2, 4] })).to.equal(count((a) => TYPE_OF[a.channel] === 2 || TYPE_OF[a.channel] === 4));
      expect(await total({ TYPE_ID: ['1', '3'] })).to.equal(count((a) => a.channel === 'meeting' || a.channel === 'task'));
      expect(await total({ '!@PROVIDER_ID': ['CRM_EMAIL', 'VOXIMPLANT_CALL'] })).to.equal(count((a) => a.channel !== 'email' && a.channel !== 'call'));
      expect(await total({ '@PROVIDER_ID': ['IMOPENLINES_SESSION'] })).to.equal(count((a) => a.channel === 'chat'));
      expect(await total({ DIRECTION: 1 })).to.equal(count((a) => a.direction === 'in'));
      expect(await total({ '=DIRECTION': '2' })).to.equal(count((a) => a.direction === 'out'));
      expect(await total({ '!DIRECTION': 0 })).to.equal(count((a) => a.direction !== 'none'));
      expect(count((a) => !a.completed)).to.be.greaterThan(0);
      expect(await total({ COMPLETED: 'N' })).to.equal(count((a) => !a.completed));
      expect(await total({ '!COMPLETED': 'N' })).to.equal(count((a) => a.completed));
    });

    it('ID with >, >=, <, <=, =, !, @, !@', async () => {
      expect(await total({ '>ID': 10, '<=ID': 20 })).to.equal(10);
      expect(await total({ '>=ID': '10', '<ID': '20' })).to.equal(10);
      expect(await total({ ID: 7 })).to.equal(1);
      expect(await total({ '!ID': 7 })).to.equal(emu.data.activities.length - 1);
      expect(await total({ '@ID': [1, 2, 3, 999999] })).to.equal(3);
      expect(await total({ '!@ID': [1, 2, 3] })).to.equal(emu.data.activities.length - 3);
    });

    it('values come back as strings, DIRECTION/TYPE_ID/PROVIDER_ID from the channel', async () => {
      const rows = (await api.all('crm.activity.list', { filter: { '<=ID': 120 } })).rows;
      for (const r of rows) {
        const a = emu.data.activities[Number(r['ID']) - 1]!;
        expect(r['TYPE_ID'], a.id).to.equal(String(TYPE_OF[a.channel]));
        expect(r['PROVIDER_ID']).to.equal(a.providerId);
        expect(r['DIRECTION']).to.equal(a.direction === 'in' ? '1' : a.direction === 'out' ? '2' : '0');
        expect(r['COMPLETED']).to.equal(a.completed ? 'Y' : 'N');
        expect(Date.parse(r['CREATED'] as string)).to.equal(a.createdAt);
        expect(r['SUBJECT']).to.equal(a.subject);
      }
    });

    it('order DESC and unknown filter fields ignored (legacy)', async () => {
      const b = await api.ok('crm.activity.list', { order: { ID: 'DESC' }, select: ['ID'], filter: { NO_SUCH_FIELD: 1 } });
      expect(ids((b['result'] as Body[]).slice(0, 3))).to.deep.equal([0, 1, 2].map((k) => emu.data.activities.length - k));
    });
  });

  describe('BINDINGS', () => {
    it('matches an activity bound to ANY pair, each activity once', async () => {
      const contact = emu.data.clients.find((c) => c.type === 'contact' && c.id === '1')!;
      const company = contact.company!.id;
      const filter = { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }, { OWNER_TYPE_ID: 4, OWNER_ID: Number(company) }] };
      const { rows, total } = await api.all('crm.activity.list', { filter, select: ['ID'] });
      const expected = emu.data.activities.filter((a) => boundTo(a, 3, '1') || boundTo(a, 4, company)).map((a) => Number(a.id));
      const both = emu.data.activities.filter((a) => boundTo(a, 3, '1') && boundTo(a, 4, company));
      expect(both.length, 'the two pairs overlap').to.be.greaterThan(0);
      expect(ids(rows)).to.deep.equal(expected);
      expect(new Set(ids(rows)).size).to.equal(rows.length);
      expect(total).to.equal(expected.length);
    });

    it('reaches deal activities through the deal\'s contacts and company', async () => {
      for (const [type, id] of [[3, '8'], [4, '3'], [2, '5']] as const) {
        const { rows } = await api.all('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: type, OWNER_ID: id }] }, select: ['ID'] });
        expect(ids(rows), `${type}:${id}`).to.deep.equal(emu.data.activities.filter((a) => boundTo(a, type, id)).map((a) => Number(a.id)));
      }
    });

    it('a pair may hold one key only; the filter combines with the others (CREATED, TYPE_ID)', async () => {
      const onlyType = await api.ok('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 2 }] }, select: ['ID'] });
      expect(onlyType['total']).to.equal(emu.data.activities.filter((a) => a.dealIds.length > 0).length);
      const from = Date.parse('2026-08-01T00:00:00+03:00');
      const b = await api.ok('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }], '>=CREATED': '2026-08-01', TYPE_ID: 2 }, select: ['ID'] });
      expect(b['total']).to.equal(emu.data.activities.filter((a) => boundTo(a, 3, '1') && a.createdAt >= from && a.channel === 'call').length);
    });

    it('BINDINGS is selectable ({OWNER_TYPE_ID, OWNER_ID} strings); plain OWNER_* filters match the primary owner only', async () => {
      const deal = emu.data.deals.find((d) => d.contactIds.length > 1 && emu.data.activities.some((a) => a.dealIds.includes(d.id)))!;
      const a = emu.data.activities.find((x) => x.dealIds.includes(deal.id))!;
      const row = (await api.ok('crm.activity.list', { filter: { ID: a.id }, select: ['ID', 'OWNER_TYPE_ID', 'OWNER_ID', 'BINDINGS'] }))['result'] as Body[];
      expect(row[0]!['OWNER_TYPE_ID']).to.equal('2');
      expect(row[0]!['OWNER_ID']).to.equal(deal.id);
      expect(row[0]!['BINDINGS']).to.deep.include({ OWNER_TYPE_ID: '3', OWNER_ID: deal.contactIds[1] });
      const plain = await api.ok('crm.activity.list', { filter: { OWNER_TYPE_ID: 3, OWNER_ID: deal.contactIds[1] }, select: ['ID'] });
      expect(ids(plain['result'] as Body[])).not.to.include(Number(a.id));
      // Without a select the default answer has no BINDINGS (as crm.activity.list.json).
      expect(((await api.ok('crm.activity.list', { filter: { ID: a.id } }))['result'] as Body[])[0]).not.to.have.property('BINDINGS');
    });
  });

  describe('crm.item.list', () => {
    it('secondary contacts: contactIds finds the deal (scalar and @), contactId does not', async () => {
      const deal = emu.data.deals.find((d) => d.contactIds.length > 1)!;
      const secondary = Number(deal.contactIds[1]);
      const byIds = ids(items(await api.ok('crm.item.list', { entityTypeId: 2, filter: { contactIds: secondary }, select: ['id'] })), 'id');
      const byIn = ids(items(await api.ok('crm.item.list', { entityTypeId: 2, filter: { '@contactIds': [secondary] }, select: ['id'] })), 'id');
      const byPrimary = ids(items(await api.ok('crm.item.list', { entityTypeId: 2, filter: { contactId: secondary }, select: ['id'] })), 'id');
      const expected = emu.data.deals.filter((d) => d.contactIds.includes(String(secondary))).map((d) => Number(d.id));
      expect(expected).to.include(Number(deal.id));
      expect(byIds).to.deep.equal(expected);
      expect(byIn).to.deep.equal(expected);
      expect(byPrimary).to.deep.equal(emu.data.deals.filter((d) => d.contactIds[0] === String(secondary)).map((d) => Number(d.id)));
      expect(byPrimary).not.to.include(Number(deal.id));
    });

    it('seed 1 has deals where a contact is secondary (contacts 8, 10, 20, 24, 40, 41, 44, 60)', () => {
      const secondary = [...new Set(emu.data.deals.flatMap((d) => d.contactIds.slice(1)))].map(Number).sort((a, b) => a - b);
      expect(secondary).to.deep.equal([8, 10, 20, 24, 40, 41, 44, 60]);
    });

    it('invoices: contactIds = the deal\'s contacts, parentId2 = the deal, closedate = the due day', async () => {
      const deal = emu.data.deals.find((d) => d.contactIds.length > 1 && emu.data.invoices.some((i) => i.dealId === d.id))!;
      const found = items(await api.ok('crm.item.list', { entityTypeId: 31, filter: { '@contactIds': [Number(deal.contactIds[1])] } }));
      const inv = found.find((i) => i['parentId2'] === Number(deal.id))!;
      expect(inv['contactIds']).to.deep.equal(deal.contactIds.map(Number));
      expect(inv['contactId']).to.equal(Number(deal.contactIds[0]));
      const demo = emu.data.invoices.find((i) => i.id === String(inv['id']))!;
      expect(inv['closedate']).to.match(/T03:00:00\+03:00$/);
      expect(Date.parse(inv['closedate'] as string)).to.be.within(demo.dueAt! - 86_400_000, demo.dueAt!);
    });

    it('companyId, stageSemanticId, @stageId, >opportunity, >=createdTime, order, select', async () => {
      const list = async (filter: Body, extra: Body = {}) => (await api.all('crm.item.list', { entityTypeId: 2, filter, select: ['id'], ...extra }, items)).rows;
      expect(ids(await list({ companyId: 1 }), 'id')).to.deep.equal(emu.data.deals.filter((d) => d.companyId === '1').map((d) => Number(d.id)));
      expect((await list({ stageSemanticId: 'S' })).length).to.equal(emu.data.deals.filter((d) => d.semantic === 'won').length);
      expect((await list({ '!stageSemanticId': 'P' })).length).to.equal(emu.data.deals.filter((d) => d.semantic !== 'open').length);
      expect((await list({ '@stageId': ['WON', 'C1:WON'] })).length).to.equal(emu.data.deals.filter((d) => d.stageId === 'WON' || d.stageId === 'C1:WON').length);
      const from = Date.parse('2026-06-01T00:00:00+03:00');
      expect((await list({ '>=createdTime': '2026-06-01T00:00:00+03:00', '>opportunity': 10000 })).length)
        .to.equal(emu.data.deals.filter((d) => d.createdAt >= from && d.amount !== null && Number(d.amount.minor) / 10 ** (d.amount.currency === 'JPY' ? 0 : d.amount.currency === 'KWD' ? 3 : 2) > 10000).length);
      const desc = await list({}, { order: { opportunity: 'DESC' }, select: ['id', 'opportunity'] });
      const amounts = desc.map((r) => r['opportunity'] as number);
      expect(amounts).to.deep.equal([...amounts].sort((a, b) => b - a));
      expect(Object.keys(desc[0]!)).to.have.members(['id', 'opportunity']);
    });

    it('deals: closed Y/N, stageSemanticId P/S/F, movedTime = close instant, closedate = close day', async () => {
      const rows = (await api.all('crm.item.list', { entityTypeId: 2 }, items)).rows;
      for (const r of rows) {
        const d = emu.data.deals[Number(r['id']) - 1]!;
        expect(r['stageId']).to.equal(d.stageId);
        expect(r['stageSemanticId']).to.equal({ open: 'P', won: 'S', lost: 'F' }[d.semantic]);
        expect(r['closed']).to.equal(d.semantic === 'open' ? 'N' : 'Y');
        expect(r['categoryId']).to.equal(Number(d.pipelineId));
        expect(r['contactIds']).to.deep.equal(d.contactIds.map(Number));
        expect(r['companyId']).to.equal(d.companyId ? Number(d.companyId) : 0);
        expect(r['currencyId']).to.equal(d.amount?.currency ?? 'EUR');
        if (d.closedAt !== undefined) {
          expect(Date.parse(r['movedTime'] as string)).to.equal(d.closedAt);
          const day = new Date(d.closedAt + 3 * 3600_000).toISOString().slice(0, 10);
          expect(r['closedate']).to.equal(`${day}T03:00:00+03:00`);
        }
      }
    });

    it('exactDates serves the close instant in closedate', async () => {
      const exact = caller(new Bitrix24Emulator({ rateLimit: false, exactDates: true }));
      const d = emu.data.deals.find((x) => x.closedAt !== undefined)!;
      const item = (await exact.ok('crm.item.get', { entityTypeId: 2, id: d.id }))['result'] as { item: Body };
      expect(Date.parse(item.item['closedate'] as string)).to.equal(d.closedAt);
    });

    it('errors: unknown filter field (INVALID_ARG_VALUE), unknown entity type, missing item', async () => {
      expect((await api.call('crm.item.list', { entityTypeId: 2, filter: { nope: 1 } })).status).to.equal(400);
      expect((await api.call('crm.item.list', { entityTypeId: 1234 })).body).to.have.property('error', 'NOT_FOUND');
      expect((await api.call('crm.item.get', { entityTypeId: 31, id: 999999 })).body).to.deep.equal({ error: 'NOT_FOUND', error_description: 'Element not found' });
    });
  });

  describe('stage history, reference data, records', () => {
    it('invoices: a created row, and for paid ones a row entering the S stage at paidAt', async () => {
      const owners = emu.data.invoices.slice(0, 40).map((i) => Number(i.id));
      const { rows } = await api.all('crm.stage.history.list', { entityTypeId: 31, filter: { '@OWNER_ID': owners, STAGE_SEMANTIC_ID: 'S' } }, items);
      const paid = emu.data.invoices.slice(0, 40).filter((i) => i.paidAt !== undefined);
      expect(rows.map((r) => r['OWNER_ID']).sort((a, b) => (a as number) - (b as number))).to.deep.equal(paid.map((i) => Number(i.id)));
      for (const r of rows) {
        const inv = emu.data.invoices[(r['OWNER_ID'] as number) - 1]!;
        expect(Date.parse(r['CREATED_TIME'] as string)).to.equal(inv.paidAt);
        expect(r['STAGE_ID']).to.equal(inv.stageId);
        expect(r['TYPE_ID']).to.equal(3);
      }
      const created = await api.ok('crm.stage.history.list', { entityTypeId: 31, filter: { TYPE_ID: 1 } });
      expect(created['total']).to.equal(emu.data.invoices.length);
    });

    it('deals: a created row in the first stage and a final row at closedAt', async () => {
      const d = emu.data.deals.find((x) => x.closedAt !== undefined && x.pipelineId === '1')!;
      const rows = items(await api.ok('crm.stage.history.list', { entityTypeId: 2, filter: { OWNER_ID: d.id }, order: { ID: 'ASC' } }));
      expect(rows.map((r) => [r['TYPE_ID'], r['STAGE_ID'], r['STAGE_SEMANTIC_ID']])).to.deep.equal([[1, 'C1:NEW', 'P'], [3, d.stageId, d.semantic === 'won' ? 'S' : 'F']]);
      expect(Date.parse(rows[1]!['CREATED_TIME'] as string)).to.equal(d.closedAt);
    });

    it('crm.currency.list: AMOUNT / AMOUNT_CNT is the demo rate; the base has BASE Y', async () => {
      const rows = (await api.ok('crm.currency.list'))['result'] as Body[];
      const { rates, baseCurrency, currencies } = emu.data.reference;
      expect(rows.map((r) => r['CURRENCY'])).to.deep.equal([...currencies]);
      for (const r of rows) {
        expect(decimalDivide(r['AMOUNT'] as string, r['AMOUNT_CNT'] as string), r['CURRENCY'] as string).to.equal(rates!.rates[r['CURRENCY'] as string]);
        expect(r['BASE']).to.equal(r['CURRENCY'] === baseCurrency ? 'Y' : 'N');
      }
      expect((await api.ok('crm.currency.base.get'))['result']).to.equal(baseCurrency);
    });

    it('crm.status.list: stage ids as the deals use them, semantics, and the ENTITY_ID type error', async () => {
      const stages = (await api.ok('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_2' } }))['result'] as Body[];
      expect(stages.map((s) => s['STATUS_ID'])).to.deep.equal(emu.data.reference.stages.filter((s) => s.pipelineId === '2').map((s) => s.id));
      expect(stages.map((s) => s['SEMANTICS'])).to.include.members([null, 'S', 'F']);
      const invoice = (await api.ok('crm.status.list', { filter: { ENTITY_ID: 'SMART_INVOICE_STAGE_1' } }))['result'] as Body[];
      expect(invoice.find((s) => s['SEMANTICS'] === 'S')!['STATUS_ID']).to.equal('DT31_1:P');
      const bad = await api.call('crm.status.list', { filter: { ENTITY_ID: ['DEAL_STAGE'] } });
      expect(bad.status).to.equal(400);
      expect(bad.body).to.deep.equal({ error: '', error_description: 'Filter by ENTITY_ID must be a string' });
      const industry = (await api.ok('crm.status.list', { filter: { ENTITY_ID: 'INDUSTRY' } }))['result'] as Body[];
      const company = (await api.ok('crm.company.get', { id: 1 }))['result'] as Body;
      expect(industry.find((s) => s['STATUS_ID'] === company['INDUSTRY'])!['NAME']).to.equal(emu.data.clients.find((c) => c.type === 'company' && c.id === '1')!.industry);
    });

    it('crm.category.list: pipelines of deals and invoices', async () => {
      const deals = ((await api.ok('crm.category.list', { entityTypeId: 2 }))['result'] as { categories: Body[] }).categories;
      expect(deals.map((c) => [c['id'], c['name'], c['isDefault']])).to.deep.equal(emu.data.reference.pipelines.map((p) => [Number(p.id), p.name, p.id === '0' ? 'Y' : 'N']));
      const inv = ((await api.ok('crm.category.list', { entityTypeId: 31 }))['result'] as { categories: Body[] }).categories;
      expect(inv.map((c) => c['id'])).to.deep.equal([1]);
    });

    it('crm.contact.get / crm.company.get: names, multifields, the legacy errors', async () => {
      const c = emu.data.clients.find((x) => x.type === 'contact' && x.id === '1')!;
      const row = (await api.ok('crm.contact.get', { id: '1' }))['result'] as Body;
      expect(`${row['NAME']} ${row['LAST_NAME']}`).to.equal(c.name);
      expect((row['EMAIL'] as Body[]).map((e) => e['VALUE'])).to.deep.equal(c.emails);
      expect((row['PHONE'] as Body[]).map((e) => e['VALUE'])).to.deep.equal(c.phones);
      expect(row['COMPANY_ID']).to.equal(c.company!.id);
      expect(row['ASSIGNED_BY_ID']).to.equal(c.responsible!.id);
      expect(await api.call('crm.contact.get', { id: 999999 })).to.deep.equal({ status: 400, body: { error: '', error_description: 'Not found' } });
      expect(await api.call('crm.company.get', { id: 'x' })).to.deep.equal({ status: 400, body: { error: '', error_description: 'ID is not defined or invalid.' } });
    });

    it('user.get by ID list, user.current = the webhook user', async () => {
      const users = (await api.ok('user.get', { filter: { ID: [7, 12] } }))['result'] as Body[];
      const names = new Map(emu.data.deals.flatMap((d) => (d.responsible ? [[d.responsible.id, d.responsible.name] as const] : [])));
      expect(users.map((u) => [u['ID'], `${u['NAME']} ${u['LAST_NAME']}`])).to.deep.equal([['7', names.get('7')], ['12', names.get('12')]]);
      expect(((await api.ok('user.get', { ID: 1 }))['result'] as Body[]).map((u) => u['ID'])).to.deep.equal(['1']);
      expect(((await api.ok('user.current'))['result'] as Body)['ID']).to.equal('1');
    });

    it('unknown method: 404 ERROR_METHOD_NOT_FOUND; unknown control path: 404', async () => {
      expect(await api.call('crm.nothing.here')).to.deep.equal({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
      expect((await emu.handle({ path: '/__emulator/nothing', method: 'POST' })).status).to.equal(404);
      expect((await emu.handle({ path: '/elsewhere' })).status).to.equal(404);
    });
  });

  describe('batch', () => {
    it('sub-queries as PHP query strings (percent-encoded keys), totals and nexts per key', async () => {
      const json = await api.ok('crm.activity.list', { filter: { '>=CREATED': '2026-09-01', '@TYPE_ID': [2, 4] }, select: ['ID'] });
      const b = await api.ok('batch', {
        halt: 0,
        cmd: {
          acts: 'crm.activity.list?filter[%3E%3DCREATED]=2026-09-01&filter[%40TYPE_ID][]=2&filter[%40TYPE_ID][]=4&select[]=ID',
          bind: 'crm.activity.list?filter[BINDINGS][0][OWNER_TYPE_ID]=3&filter[BINDINGS][0][OWNER_ID]=1&select[]=ID',
          base: 'crm.currency.base.get',
        },
      });
      const r = b['result'] as Record<string, Body>;
      expect(r['result_total']!['acts']).to.equal(json['total']);
      expect(r['result_next']!['acts']).to.equal(50);
      expect(r['result_total']!['bind']).to.equal(emu.data.activities.filter((a) => boundTo(a, 3, '1')).length);
      expect(r['result']!['base']).to.equal('EUR');
      expect(r['result_error']).to.deep.equal([]);
      expect(Object.keys(r['result_time']!)).to.deep.equal(['acts', 'bind', 'base']);
    });

    it('a failing command with halt 0: the others run; with halt 1: the batch stops there', async () => {
      const cmd = { a: 'crm.currency.base.get', bad: 'crm.contact.get?id=999999', c: 'crm.category.list?entityTypeId=2' };
      const h0 = (await api.ok('batch', { halt: 0, cmd }))['result'] as Record<string, Body>;
      expect(Object.keys(h0['result']!)).to.deep.equal(['a', 'c']);
      expect(h0['result_error']).to.deep.equal({ bad: { error: '', error_description: 'Not found' } });
      const h1 = (await api.ok('batch', { halt: 1, cmd }))['result'] as Record<string, Body>;
      expect(Object.keys(h1['result']!)).to.deep.equal(['a']);
      expect(Object.keys(h1['result_error']!)).to.deep.equal(['bad']);
      expect(emu.stats().calls).to.deep.include({ batch: 2, 'crm.currency.base.get': 2, 'crm.contact.get': 2, 'crm.category.list': 1 });
    });

    it('more than 50 commands are refused; batch inside batch is not allowed', async () => {
      const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'crm.currency.base.get']));
      expect(await api.call('batch', { cmd })).to.deep.equal({ status: 400, body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' } });
      const fifty = (await api.ok('batch', { cmd: Object.fromEntries(Object.entries(cmd).slice(0, 50)) }))['result'] as Record<string, Body>;
      expect(Object.keys(fifty['result']!)).to.have.length(50);
      const nested = (await api.ok('batch', { cmd: { inner: 'batch?cmd[x]=crm.currency.base.get' } }))['result'] as Record<string, Body>;
      expect(nested['result_error']!['inner']).to.have.property('error', 'ERROR_BATCH_METHOD_NOT_ALLOWED');
    });

    it('list keys 0..n-1 come back as JSON lists (PHP arrays)', async () => {
      const b = (await api.ok('batch', { cmd: ['crm.currency.base.get', 'crm.currency.base.get'] }))['result'] as Record<string, unknown>;
      expect(b['result']).to.deep.equal(['EUR', 'EUR']);
    });
  });

  describe('transport: auth, rate limit, faults, stats', () => {
    it('wrong webhook code or user → 401 INVALID_CREDENTIALS; OAuth without / with an unknown token', async () => {
      const bad = { status: 401, body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' } };
      expect(await emu.handle({ path: '/rest/1/wrong-code/crm.currency.list.json', body: {} })).to.deep.equal(bad);
      expect(await emu.handle({ path: '/rest/2/demo-webhook-code/crm.currency.list', body: {} })).to.deep.equal(bad);
      expect((await emu.handle({ path: '/rest/crm.currency.list.json', body: {} })).body).to.have.property('error', 'NO_AUTH_FOUND');
      expect(await emu.handle({ path: '/rest/crm.currency.list.json', body: { auth: 'nope' } })).to.deep.equal({
        status: 401, body: { error: 'invalid_token', error_description: 'The access token provided is invalid.' },
      });
      const viaQuery = await emu.handle({ path: '/rest/crm.currency.base.get.json', query: 'auth=demo-access-token', method: 'GET' });
      expect(viaQuery.status).to.equal(200);
    });

    it('expired token → 401 expired_token; the refreshed token works', async () => {
      emu.setFaults({ expireToken: 'demo-access-token' });
      const expired = await emu.handle({ path: '/rest/crm.currency.base.get.json', body: { auth: 'demo-access-token' } });
      expect(expired).to.deep.equal({ status: 401, body: { error: 'expired_token', error_description: 'The access token provided has expired.' } });
      const refreshed = await emu.handle({ path: '/__emulator/oauth/refresh', body: { refresh_token: 'demo-refresh' }, method: 'POST' });
      expect(refreshed).to.deep.equal({ status: 200, body: { access_token: 'token-1', refresh_token: 'refresh-1', expires_in: 3600 } });
      expect((await emu.handle({ path: '/rest/crm.currency.base.get.json', body: { auth: 'token-1' } })).status).to.equal(200);
      emu.reset();
      expect((await emu.handle({ path: '/rest/crm.currency.base.get.json', body: { auth: 'token-1' } })).body).to.have.property('error', 'invalid_token');
      expect((await emu.handle({ path: '/rest/crm.currency.base.get.json', body: { auth: 'demo-access-token' } })).status).to.equal(200);
    });

    it('rate limit: a leaky bucket per credential (burst 50, 2/s), batch counts 1, rateLimit false turns it off', async () => {
      let t = Date.UTC(2026, 0, 1);
      const limited = new Bitrix24Emulator({ data: emu.data, now: () => t });
      const api2 = caller(limited);
      const status = async () => (await api2.call('crm.currency.base.get')).status;
      for (let i = 0; i < 49; i++) expect(await status()).to.equal(200);
      expect((await api2.call('batch', { cmd: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'crm.currency.base.get'])) })).status).to.equal(200);
      const over = await api2.call('crm.currency.base.get');
      expect(over).to.deep.equal({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });
      // Another credential has its own bucket.
      expect((await limited.handle({ path: '/rest/crm.currency.base.get.json', body: { auth: 'demo-access-token' } })).status).to.equal(200);
      t += 500; // drains one request
      expect(await status()).to.equal(200);
      expect(await status()).to.equal(503);
      t += 10_000; // drains 20
      for (let i = 0; i < 20; i++) expect(await status()).to.equal(200);
      expect(await status()).to.equal(503);
      limited.setFaults({ rateLimit: { rate: 1, burst: 2 } });
      expect([await status(), await status(), await status()]).to.deep.equal([200, 200, 503]);
      limited.setFaults({ rateLimit: false });
      for (let i = 0; i < 100; i++) expect(await status()).to.equal(200);
      limited.reset();
      expect(limited.stats().requests).to.equal(0);
      for (let i = 0; i < 50; i++) await status();
      expect(await status(), 'reset turns the default limit back on').to.equal(503);
    });

    it('fault knobs: status429 (with operating_reset_at a second ahead), status500, status503, slowMs', async () => {
      let t = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
      const slept: number[] = [];
      const opts: EmulatorOptions = { data: emu.data, rateLimit: false, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } };
      const f = new Bitrix24Emulator(opts);
      const api2 = caller(f);
      f.setFaults({ status429: 2, status500: 1, status503: 1 });
      const r1 = await api2.call('crm.currency.base.get');
      expect(r1.status).to.equal(429);
      expect(r1.body).to.include({ error: 'OPERATION_TIME_LIMIT' });
      const reset = ((r1.body as Body)['time'] as Body)['operating_reset_at'] as number;
      expect(reset * 1000 - t).to.be.within(1000, 2000);
      expect((await api2.call('crm.currency.base.get')).status).to.equal(429);
      expect(await api2.call('crm.currency.base.get')).to.deep.equal({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' } });
      expect((await api2.call('crm.currency.base.get')).body).to.have.property('error', 'QUERY_LIMIT_EXCEEDED');
      expect((await api2.call('crm.currency.base.get')).status).to.equal(200);
      f.setFaults({ slowMs: 1500 });
      const before = t;
      const slow = await api2.ok('crm.currency.base.get');
      expect(slept).to.deep.equal([1500]);
      expect(t - before).to.equal(1500);
      expect(((slow['time'] as Body)['duration'] as number)).to.equal(1.5);
    });

    it('stats: requests (a batch is one), calls per method with sub-calls, log with batch commands', async () => {
      await api.ok('crm.currency.base.get');
      await api.ok('batch', { cmd: { a: 'crm.currency.list', b: 'crm.item.list?entityTypeId=2&select[]=id' } });
      await api.call('crm.contact.get', { id: 999999 });
      const s = emu.stats();
      expect(s.requests).to.equal(3);
      expect(s.calls).to.deep.equal({ 'crm.currency.base.get': 1, batch: 1, 'crm.currency.list': 1, 'crm.item.list': 1, 'crm.contact.get': 1 });
      expect(s.log).to.deep.equal([
        { method: 'crm.currency.base.get', status: 200 },
        { method: 'batch', commands: ['crm.currency.list', 'crm.item.list?entityTypeId=2&select[]=id'], status: 200 },
        { method: 'crm.contact.get', status: 400 },
      ]);
    });

    it('placements: OAuth only (a webhook gets WRONG_AUTH_TYPE), bind / get / unbind', async () => {
      const oauth = (method: string, params: Body = {}) => emu.handle({ path: `/rest/${method}.json`, body: { ...params, auth: 'demo-access-token' } });
      expect(await api.call('placement.bind', { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', HANDLER: 'https://app.example/' }))
        .to.deep.equal({ status: 403, body: { error: 'WRONG_AUTH_TYPE', error_description: 'Application context required' } });
      expect((await oauth('placement.bind', { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', HANDLER: 'https://app.example/', TITLE: 'Profile' })).body).to.have.property('result', true);
      expect((await oauth('placement.bind', { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', HANDLER: 'https://app.example/' })).status).to.equal(400);
      const got = (await oauth('placement.get')).body as Body;
      expect(got['result']).to.deep.equal([{ placement: 'CRM_CONTACT_DETAIL_TAB', handler: 'https://app.example/', title: 'Profile', description: '', options: [], langAll: [] }]);
      expect(((await oauth('placement.unbind', { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB' })).body as Body)['result']).to.deep.equal({ count: 1 });
      expect(((await oauth('app.info')).body as Body)['result']).to.have.property('CODE');
      expect(((await api.ok('app.info'))['result'] as Body)).not.to.have.property('CODE');
    });

    it('GET with a PHP query string works like the JSON body', async () => {
      const get = await emu.handle({ path: `${HOOK}crm.item.list`, query: 'entityTypeId=2&filter%5B%40contactIds%5D%5B%5D=40&select%5B%5D=id', method: 'GET' });
      expect(items(get.body as Body).map((i) => i['id'])).to.deep.equal([1]);
    });
  });

  describe('the project\'s own Bitrix24Client against emulator.fetch', () => {
    it('listAll pages through every deal; batch reads totals; an abort rejects', async () => {
      const transport = new WebhookTransport(`https://demo.bitrix24.example${HOOK}`, { fetch: emu.fetch });
      const client = new Bitrix24Client({ transport });
      const deals = await client.listAll<Body>('crm.item.list', { entityTypeId: 2, select: ['id', 'contactIds'], filter: { '@contactIds': [40] } });
      expect(deals.rows.map((r) => r['id'])).to.deep.equal(emu.data.deals.filter((d) => d.contactIds.includes('40')).map((d) => Number(d.id)));
      const b = await client.batch({
        calls: { method: 'crm.activity.list', params: { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: 1 }], TYPE_ID: 2 }, select: ['ID'] } },
        missing: { method: 'crm.contact.get', params: { id: 999999 } },
      });
      expect(b.totals['calls']).to.equal(emu.data.activities.filter((a) => boundTo(a, 3, '1') && a.channel === 'call').length);
      expect(b.errors['missing']!.kind).to.equal('not-found');
      const ctl = new AbortController();
      emu.setFaults({ slowMs: 200 });
      const pending = emu.fetch(`${HOOK}crm.currency.base.get.json`, { method: 'POST', body: '{}', signal: ctl.signal });
      ctl.abort();
      let error: unknown;
      await pending.catch((e: unknown) => { error = e; });
      expect((error as Error).name).to.equal('AbortError');
    });
  });

  describe('parsePhpQuery', () => {
    it('nested keys, [] appends, a[0][K]=v, percent-decoded keys and values, + as space', () => {
      expect(parsePhpQuery('a[b][c]=1&x[]=p&x[]=q&f[0][K]=v&f[0][L]=w&filter[%3E%3DCREATED]=2026-01-01T00%3A00%3A00%2B03%3A00&s=a+b&e'))
        .to.deep.equal({ a: { b: { c: '1' } }, x: ['p', 'q'], f: [{ K: 'v', L: 'w' }], filter: { '>=CREATED': '2026-01-01T00:00:00+03:00' }, s: 'a b', e: '' });
      expect(parsePhpQuery('m[5]=a&m[]=b')).to.deep.equal({ m: { 5: 'a', 6: 'b' } });
    });
  });
});
