import { expect } from '@open-wc/testing';
import { CHANNELS } from '../../src/core/model.js';
import type { ClientRef } from '../../src/core/model.js';
import { createRandom, generateDemoData } from '../../src/adapters/demo/generate.js';
import type { DemoActivity, DemoDataset, DemoDeal } from '../../src/adapters/demo/generate.js';

const DAY = 86_400_000;

/** FNV-1a over UTF-16 code units: a cheap fingerprint to compare large JSON strings. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function clientKey(c: ClientRef): string {
  return `${c.type}:${c.id}`;
}

/** Whether a deal is the client's (as a contact of it, or as its company). */
function dealHas(deal: DemoDeal, c: ClientRef): boolean {
  return c.type === 'contact' ? deal.contactIds.includes(c.id) : deal.companyId === c.id;
}

/** Whether an activity reaches the client, directly or through one of its deals. */
function reaches(a: DemoActivity, c: ClientRef, deals: ReadonlyMap<string, DemoDeal>): boolean {
  const direct = c.type === 'contact' ? a.contactIds.includes(c.id) : a.companyIds.includes(c.id);
  return direct || a.dealIds.some((id) => dealHas(deals.get(id)!, c));
}

describe('demo data generator', () => {
  const data: DemoDataset = generateDemoData();
  const dealsById = new Map(data.deals.map((d) => [d.id, d]));
  const clientKeys = new Set(data.clients.map(clientKey));

  it('createRandom is seeded, deterministic and in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).to.deep.equal(Array.from({ length: 1000 }, () => b()));
    expect(xs).not.to.deep.equal(Array.from({ length: 1000 }, () => c()));
    expect(xs.every((x) => x >= 0 && x < 1)).to.equal(true);
  });

  it('is deterministic: same options give identical JSON, another seed differs', () => {
    const json = JSON.stringify(data);
    const again = JSON.stringify(generateDemoData({ seed: 1 }));
    expect(again.length).to.equal(json.length);
    expect(fnv(again)).to.equal(fnv(json));
    expect(again === json).to.equal(true);
    expect(fnv(JSON.stringify(generateDemoData({ seed: 2 })))).not.to.equal(fnv(json));
    expect(data.seed).to.equal(1);
    expect(data.now).to.equal(Date.UTC(2026, 10, 26, 12));
  });

  it('has the default numbers of clients, with contact 1 and company 1', () => {
    const contacts = data.clients.filter((c) => c.type === 'contact');
    const companies = data.clients.filter((c) => c.type === 'company');
    expect(contacts.length).to.be.at.least(50);
    expect(companies.length).to.be.at.least(20);
    expect(clientKeys.has('contact:1')).to.equal(true);
    expect(clientKeys.has('company:1')).to.equal(true);
    expect(contacts.map((c) => c.id)).to.deep.equal(contacts.map((_, i) => String(i + 1)));
    expect(companies.map((c) => c.id)).to.deep.equal(companies.map((_, i) => String(i + 1)));
    for (const c of data.clients) {
      expect(c.name, c.id).to.be.a('string').and.not.equal('');
      expect(c.emails.length).to.be.at.least(1);
      expect(c.phones.length).to.be.at.least(1);
      expect(c.responsible?.name).to.be.a('string');
      if (c.type === 'company') expect(c.industry && c.website).to.be.a('string');
      else expect(c.position).to.be.a('string');
      if (c.company) expect(clientKeys.has(`company:${c.company.id}`)).to.equal(true);
    }
    expect(contacts.filter((c) => c.company).length).to.be.greaterThan(contacts.length / 2);
  });

  it('covers every channel, deal and invoice semantic, and at least 4 currencies', () => {
    expect(new Set(data.activities.map((a) => a.channel))).to.deep.equal(new Set(CHANNELS));
    expect(new Set(data.deals.map((d) => d.semantic))).to.deep.equal(new Set(['open', 'won', 'lost']));
    expect(new Set(data.invoices.map((i) => i.semantic))).to.deep.equal(new Set(['open', 'paid', 'declined']));
    const currencies = new Set(data.deals.flatMap((d) => (d.amount ? [d.amount.currency] : [])));
    expect(currencies.size).to.be.at.least(4);
    for (const code of currencies) {
      expect(data.reference.currencies).to.include(code);
      expect(data.reference.rates!.rates[code]).to.match(/^\d+(\.\d+)?$/);
    }
    expect(data.deals.some((d) => d.amount === null)).to.equal(true);
    expect(data.invoices.some((i) => i.semantic === 'open' && i.dueAt! < data.now)).to.equal(true, 'overdue');
    expect(data.invoices.some((i) => i.paidAt !== undefined && i.paidAt > i.dueAt!)).to.equal(true, 'paid late');
  });

  it('spreads deals over the 2 years before now', () => {
    const created = data.deals.map((d) => d.createdAt);
    expect(data.now - Math.min(...created)).to.be.greaterThan(700 * DAY);
    expect(data.now - Math.min(...created)).to.be.at.most(730 * DAY);
    expect(data.now - Math.max(...created)).to.be.lessThan(30 * DAY);
  });

  it('keeps the record invariants', () => {
    const stages = new Map(data.reference.stages.map((s) => [s.id, s]));
    const pipelines = new Set(data.reference.pipelines.map((p) => p.id));
    const instant = (t: number | undefined, what: string): void => {
      expect(Number.isInteger(t), what).to.equal(true);
      expect(t!, what).to.be.at.most(data.now);
    };
    for (const d of data.deals) {
      instant(d.createdAt, `deal ${d.id}`);
      expect(pipelines.has(d.pipelineId)).to.equal(true);
      const stage = stages.get(d.stageId)!;
      expect(stage.kind).to.equal('deal');
      expect(stage.pipelineId).to.equal(d.pipelineId);
      expect(stage.semantic).to.equal(d.semantic);
      if (d.semantic === 'open') expect(d.closedAt, `deal ${d.id}`).to.equal(undefined);
      else {
        instant(d.closedAt, `deal ${d.id} closedAt`);
        expect(d.closedAt!).to.be.at.least(d.createdAt);
      }
      if (d.amount) expect(Number.isSafeInteger(d.amount.minor) && d.amount.minor > 0).to.equal(true);
      expect(d.contactIds.length > 0 || d.companyId !== undefined, `deal ${d.id} has a client`).to.equal(true);
      for (const id of d.contactIds) expect(clientKeys.has(`contact:${id}`)).to.equal(true);
      if (d.companyId !== undefined) expect(clientKeys.has(`company:${d.companyId}`)).to.equal(true);
    }
    for (const i of data.invoices) {
      instant(i.createdAt, `invoice ${i.id}`);
      expect(Number.isInteger(i.dueAt)).to.equal(true);
      expect(stages.get(i.stageId)?.semantic).to.equal(i.semantic);
      if (i.semantic === 'paid') {
        instant(i.paidAt, `invoice ${i.id} paidAt`);
        expect(i.paidAt!).to.be.at.least(i.createdAt);
      } else expect(i.paidAt).to.equal(undefined);
      const deal = dealsById.get(i.dealId!)!;
      expect(deal, `invoice ${i.id} deal`).to.not.equal(undefined);
      expect(i.amount?.currency).to.equal(deal.amount?.currency);
      expect(i.contactId !== undefined || i.companyId !== undefined).to.equal(true);
      if (i.contactId !== undefined) expect(clientKeys.has(`contact:${i.contactId}`)).to.equal(true);
      if (i.companyId !== undefined) expect(clientKeys.has(`company:${i.companyId}`)).to.equal(true);
    }
    for (const a of data.activities) {
      instant(a.createdAt, `activity ${a.id}`);
      expect(a.subject).to.be.a('string').and.not.equal('');
      for (const id of a.dealIds) expect(dealsById.has(id), `activity ${a.id} deal ${id}`).to.equal(true);
      for (const id of a.contactIds) expect(clientKeys.has(`contact:${id}`)).to.equal(true);
      for (const id of a.companyIds) expect(clientKeys.has(`company:${id}`)).to.equal(true);
      expect(a.contactIds.length + a.companyIds.length + a.dealIds.length, `activity ${a.id} reaches a client`).to.be.greaterThan(0);
      if (a.channel === 'webform') expect(a.direction).to.equal('in');
      if (a.channel === 'task' || a.channel === 'todo') expect(a.direction).to.equal('none');
    }
    for (const records of [data.deals, data.invoices, data.activities]) {
      expect(records.map((r) => r.id)).to.deep.equal(records.map((_, i) => String(i + 1)));
    }
  });

  it('gives contact 1 and company 1 plenty of recent records, and most clients some', () => {
    for (const c of [{ type: 'contact', id: '1' }, { type: 'company', id: '1' }] as const) {
      const recent = data.activities.filter((a) => a.createdAt >= data.now - 90 * DAY && reaches(a, c, dealsById));
      expect(recent.length, clientKey(c)).to.be.at.least(30);
      expect(recent.filter((a) => a.createdAt >= data.now - 30 * DAY).length).to.be.at.least(10);
      const deals = data.deals.filter((d) => dealHas(d, c) && d.createdAt >= data.now - 90 * DAY);
      expect(deals.length, clientKey(c)).to.be.at.least(3);
      expect(data.deals.some((d) => dealHas(d, c) && d.semantic === 'won' && d.closedAt! >= data.now - 30 * DAY)).to.equal(true);
    }
    const active = new Set<string>();
    for (const a of data.activities) {
      if (a.createdAt < data.now - 30 * DAY) continue;
      for (const id of a.contactIds) active.add(`contact:${id}`);
      for (const id of a.companyIds) active.add(`company:${id}`);
      for (const id of a.dealIds) {
        const d = dealsById.get(id)!;
        for (const c of d.contactIds) active.add(`contact:${c}`);
        if (d.companyId) active.add(`company:${d.companyId}`);
      }
    }
    expect(active.size).to.be.greaterThan(data.clients.length / 2);
  });

  it('heavy option gives one client exactly the requested numbers of deals and activities', () => {
    for (const client of [{ type: 'contact', id: '1' }, { type: 'company', id: '3' }] as const) {
      const heavy = generateDemoData({ heavy: { client, activities: 20_000, deals: 2_000 } });
      const byId = new Map(heavy.deals.map((d) => [d.id, d]));
      expect(heavy.deals.filter((d) => dealHas(d, client)).length, clientKey(client)).to.equal(2_000);
      expect(heavy.activities.filter((a) => reaches(a, client, byId)).length, clientKey(client)).to.equal(20_000);
      for (const a of heavy.activities) for (const id of a.dealIds) expect(byId.has(id)).to.equal(true);
      expect(heavy.activities.every((a, i) => i === 0 || a.createdAt >= heavy.activities[i - 1]!.createdAt)).to.equal(true);
    }
  });

  it('rejects a heavy client that does not exist', () => {
    expect(() => generateDemoData({ heavy: { client: { type: 'company', id: '999' }, activities: 1, deals: 1 } })).to.throw(RangeError);
  });
});
