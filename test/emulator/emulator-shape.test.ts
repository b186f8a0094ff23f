/**
 * The emulator's answers have the shapes of real Bitrix24 answers: for every method with a fixture
 * (test/fixtures/bitrix24/, copies of the official docs' examples), the answer has every key of
 * the fixture that matters, with the same JSON value types. Keys deliberately not emulated are
 * listed per fixture, with the reason.
 */
import { expect } from '@open-wc/testing';
import { Bitrix24Emulator } from '../../emulator/bitrix24/emulator.js';

// ---------------------------------------------------------------------------------------------
// Shapes

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';
const kindOf = (v: unknown): Kind =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind);

/** The JSON type tree of a value: objects by key, arrays by their first element. */
function shapeOf(v: unknown): unknown {
  const k = kindOf(v);
  if (k === 'object') return Object.fromEntries(Object.entries(v as object).map(([key, x]) => [key, shapeOf(x)]));
  if (k === 'array') return (v as unknown[]).length ? [shapeOf((v as unknown[])[0])] : [];
  return k;
}

interface ShapeOptions {
  /** Fixture keys not emulated (paths like `result.UF_CRM_1`, `[]` for array elements). */
  readonly absent?: readonly string[];
  /** Keys the emulator answers with null ("no value") where the fixture shows a value. */
  readonly nullable?: readonly string[];
  /** Compare only the keys both sides have (for a fixture of another entity type). */
  readonly sharedOnly?: boolean;
}

/**
 * Differences between the actual answer and the fixture: every fixture key must exist with the
 * same JSON type (recursively; arrays compare their first elements when both have one).
 */
function shapeDiff(actual: unknown, fixture: unknown, options: ShapeOptions = {}, path = ''): string[] {
  const out: string[] = [];
  const ka = kindOf(actual);
  const kf = kindOf(fixture);
  if (ka !== kf) {
    if (!(ka === 'null' && options.nullable?.includes(path))) out.push(`${path || '(root)'}: fixture ${kf}, emulator ${ka}`);
    return out;
  }
  if (kf === 'object') {
    const a = actual as Record<string, unknown>;
    for (const [key, value] of Object.entries(fixture as Record<string, unknown>)) {
      const p = path ? `${path}.${key}` : key;
      if (options.absent?.includes(p)) continue;
      if (!(key in a)) {
        if (!options.sharedOnly) out.push(`${p}: missing`);
        continue;
      }
      out.push(...shapeDiff(a[key], value, options, p));
    }
  } else if (kf === 'array') {
    const a = actual as unknown[];
    const f = fixture as unknown[];
    if (a.length && f.length) out.push(...shapeDiff(a[0], f[0], options, `${path}[]`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

async function fixture(name: string): Promise<Record<string, unknown>> {
  const res = await fetch(`/test/fixtures/bitrix24/${name}.json`);
  if (!res.ok) throw new Error(`fixture ${name}: HTTP ${res.status}`);
  return res.json() as Promise<Record<string, unknown>>;
}

// Fixtures of /work/shared/fixtures/bitrix24/ that test/fixtures/bitrix24/ has no copy of (same
// provenance: the official docs, see that folder's README), inlined.
const SHARED = {
  'time.json': {
    time: {
      start: 1757424671.509725, finish: 1757424672.203906, duration: 0.694180965423584, processing: 0.6726489067077637,
      date_start: '2025-09-09T16:31:11+03:00', date_finish: '2025-09-09T16:31:12+03:00', operating_reset_at: 1757425271, operating: 0.6726338863372803,
    },
  },
  'user.get.json': {
    result: [
      { ID: '29', XML_ID: '23699770', ACTIVE: true, NAME: 'Klaus', LAST_NAME: 'Weber' },
      { ID: '47', XML_ID: '63726962', ACTIVE: true, NAME: 'Peter', LAST_NAME: 'Schmidt' },
    ],
    total: 2,
  },
  'user.current.json': {
    result: {
      ID: '3', ACTIVE: true, NAME: 'John', LAST_NAME: 'Smith', EMAIL: 'test@gmail.com', LAST_LOGIN: '2024-07-23T08:07:26+00:00',
      DATE_REGISTER: '2024-07-22T00:00:00+00:00', IS_ONLINE: 'Y', LAST_ACTIVITY_DATE: '2024-07-23 08:08:50', PERSONAL_GENDER: '',
      PERSONAL_BIRTHDAY: '', WORK_POSITION: '', UF_EMPLOYMENT_DATE: '', UF_DEPARTMENT: [1],
    },
  },
  'crm.deal.contact.items.get.json': {
    result: [
      { CONTACT_ID: 55, SORT: 100, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { CONTACT_ID: 54, SORT: 200, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ],
  },
  'crm.activity.binding.list.json': {
    result: [{ entityTypeId: 1, entityId: 123 }, { entityTypeId: 2, entityId: 456 }],
  },
} as const;

// ---------------------------------------------------------------------------------------------

describe('Bitrix24 emulator: answer shapes match the docs fixtures', () => {
  let emu: Bitrix24Emulator;
  const call = async (method: string, params: unknown = {}) =>
    emu.handle({ path: `/rest/1/demo-webhook-code/${method}.json`, body: params, method: 'POST' });
  const ok = async (method: string, params: unknown = {}) => {
    const res = await call(method, params);
    expect(res.status, `${method}: ${JSON.stringify(res.body)}`).to.equal(200);
    return res.body as Record<string, unknown>;
  };

  before(() => {
    emu = new Bitrix24Emulator({ rateLimit: false });
  });

  it('shapeOf / shapeDiff catch a missing key and a wrong type', () => {
    expect(shapeOf({ a: [{ b: 1 }], c: null })).to.deep.equal({ a: [{ b: 'number' }], c: 'null' });
    expect(shapeDiff({ a: '1' }, { a: 1, b: 'x' })).to.deep.equal(['a: fixture number, emulator string', 'b: missing']);
    expect(shapeDiff({ a: [{ b: 1 }] }, { a: [{ b: 2 }] })).to.deep.equal([]);
  });

  it('time: every field of time.json, with its types', async () => {
    const body = await ok('crm.currency.base.get');
    expect(shapeDiff(body, SHARED['time.json'])).to.deep.equal([]);
  });

  it('crm.item.list (deals): crm.item.list.deal.json, and the item keys crm.item.get.lead.json shares', async () => {
    const fx = await fixture('crm.item.list.deal');
    const body = await ok('crm.item.list', { entityTypeId: 2, select: ['id', 'title', 'assignedById', 'opportunity'] });
    // The fixture is abridged (no `time`) and has fewer than 50 rows (no `next`).
    expect(shapeDiff(body, fx)).to.deep.equal([]);
    expect(Object.keys((body['result'] as { items: object[] }).items[0]!)).to.have.members(['id', 'title', 'assignedById', 'opportunity']);

    const full = await ok('crm.item.get', { entityTypeId: 2, id: 1 });
    const lead = await fixture('crm.item.get.lead');
    const shared = shapeDiff(full, lead, { sharedOnly: true });
    expect(shared).to.deep.equal([]);
    // The deal fields the adapter reads (object-fields.md #deal).
    const item = (full['result'] as { item: Record<string, unknown> }).item;
    for (const key of ['id', 'title', 'categoryId', 'stageId', 'stageSemanticId', 'opportunity', 'currencyId', 'createdTime', 'closedate', 'closed', 'movedTime', 'companyId', 'contactId', 'contactIds', 'assignedById']) {
      expect(item, key).to.have.property(key);
    }
    expect(item['createdTime']).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
  });

  it('crm.item.get (smart invoice): the item keys crm.item.get.lead.json shares, and the invoice fields', async () => {
    const full = await ok('crm.item.get', { entityTypeId: 31, id: 1 });
    expect(shapeDiff(full, await fixture('crm.item.get.lead'), { sharedOnly: true })).to.deep.equal([]);
    const item = (full['result'] as { item: Record<string, unknown> }).item;
    for (const key of ['id', 'title', 'categoryId', 'stageId', 'opportunity', 'currencyId', 'createdTime', 'closedate', 'movedTime', 'parentId2', 'companyId', 'contactId', 'contactIds', 'assignedById']) {
      expect(item, key).to.have.property(key);
    }
    expect(item['entityTypeId']).to.equal(31);
    expect(item).not.to.have.property('stageSemanticId'); // not documented for invoices (research note §3.3)
  });

  it('crm.activity.list: crm.activity.list.json (every scalar a string)', async () => {
    const body = await ok('crm.activity.list', {});
    // time.operating_reset_at: an ISO string in this docs example, an integer in data-types.md and
    // time.json; the emulator follows time.json.
    expect(shapeDiff(body, await fixture('crm.activity.list'), { absent: ['time.operating_reset_at'] })).to.deep.equal([]);
    expect(body['next']).to.equal(50);
  });

  it('crm.activity.get: crm.activity.get.json', async () => {
    expect(shapeDiff(await ok('crm.activity.get', { id: 1 }), await fixture('crm.activity.get'))).to.deep.equal([]);
  });

  it('crm.activity.list with BINDINGS selected: crm.activity.list.by-deal-bindings.json keys, bindings as strings', async () => {
    const body = await ok('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 2, OWNER_ID: 2 }] }, select: ['ID', 'OWNER_ID', 'SUBJECT', 'DEADLINE', 'RESPONSIBLE_ID', 'BINDINGS'] });
    expect(shapeDiff(body, await fixture('crm.activity.list.by-deal-bindings'))).to.deep.equal([]);
    const row = (body['result'] as Record<string, unknown>[])[0]!;
    expect(shapeOf(row['BINDINGS'])).to.deep.equal([{ OWNER_TYPE_ID: 'string', OWNER_ID: 'string' }]);
  });

  it('crm.activity.binding.list and crm.deal.contact.items.get: the shared fixtures (numbers)', async () => {
    expect(shapeDiff(await ok('crm.activity.binding.list', { activityId: 1 }), SHARED['crm.activity.binding.list.json'])).to.deep.equal([]);
    expect(shapeDiff(await ok('crm.deal.contact.items.get', { id: 1 }), SHARED['crm.deal.contact.items.get.json'])).to.deep.equal([]);
  });

  it('crm.contact.get: crm.contact.get.json', async () => {
    const body = await ok('crm.contact.get', { id: 1 });
    const diff = shapeDiff(body, await fixture('crm.contact.get'), {
      // Portal-specific custom fields (a user field and a smart-process parent) do not exist on the demo portal.
      absent: ['result.UF_CRM_1720697698689', 'result.PARENT_ID_1224'],
      // Empty on the demo portal: Bitrix24 answers null for these when they are not filled in.
      nullable: ['result.HONORIFIC', 'result.UTM_SOURCE', 'result.UTM_MEDIUM', 'result.UTM_CAMPAIGN', 'result.UTM_CONTENT', 'result.UTM_TERM'],
    });
    expect(diff).to.deep.equal([]);
  });

  it('crm.company.get: crm.company.get.json', async () => {
    const body = await ok('crm.company.get', { id: 1 });
    const diff = shapeDiff(body, await fixture('crm.company.get'), {
      absent: ['result.UF_CRM_1687188367', 'result.PARENT_ID_156'], // portal-specific custom fields
    });
    expect(diff).to.deep.equal([]);
    expect((body['result'] as Record<string, unknown>)['WEB']).to.have.length(1);
  });

  it('crm.currency.list and crm.currency.base.get: their fixtures', async () => {
    expect(shapeDiff(await ok('crm.currency.list'), await fixture('crm.currency.list'))).to.deep.equal([]);
    expect(shapeDiff(await ok('crm.currency.base.get'), await fixture('crm.currency.base.get'))).to.deep.equal([]);
  });

  it('crm.category.list: crm.category.list.json (default pipeline without originId) and crm.category.list.deal.json', async () => {
    const body = await ok('crm.category.list', { entityTypeId: 2 });
    const cats = (body['result'] as { categories: Record<string, unknown>[] }).categories;
    const fx = await fixture('crm.category.list');
    const fxCats = (fx['result'] as { categories: Record<string, unknown>[] }).categories;
    const byDefault = (rows: Record<string, unknown>[], d: string) => rows.find((r) => r['isDefault'] === d);
    expect(shapeDiff(byDefault(cats, 'N'), byDefault(fxCats, 'N'))).to.deep.equal([]);
    expect(shapeDiff(byDefault(cats, 'Y'), byDefault(fxCats, 'Y'))).to.deep.equal([]);
    expect(byDefault(cats, 'Y')).not.to.have.property('originId');
    expect(shapeDiff(body, await fixture('crm.category.list.deal'))).to.deep.equal([]);
  });

  it('crm.status.list: crm.status.list.json for DEAL_STAGE, the SPA fixture (no EXTRA) for SMART_INVOICE_STAGE_1', async () => {
    expect(shapeDiff(await ok('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } }), await fixture('crm.status.list'))).to.deep.equal([]);
    const other = await ok('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_1' } });
    expect(shapeDiff(other, await fixture('crm.status.list.deal-category-stages'))).to.deep.equal([]);
    const invoice = await ok('crm.status.list', { filter: { ENTITY_ID: 'SMART_INVOICE_STAGE_1' } });
    expect(shapeDiff(invoice, await fixture('crm.status.list.spa-stages-semantics'))).to.deep.equal([]);
    for (const row of invoice['result'] as Record<string, unknown>[]) expect(row).not.to.have.property('EXTRA');
  });

  it('crm.stage.history.list: crm.stage.history.list.json (numbers for ids)', async () => {
    const body = await ok('crm.stage.history.list', { entityTypeId: 2, filter: { OWNER_ID: 1 } });
    expect(shapeDiff(body, await fixture('crm.stage.history.list'))).to.deep.equal([]);
  });

  it('crm.item.payment.list: crm.item.payment.list.json', async () => {
    const paid = emu.data.invoices.find((i) => i.paidAt !== undefined)!;
    const body = await ok('crm.item.payment.list', { entityTypeId: 31, entityId: Number(paid.id) });
    expect(shapeDiff(body, await fixture('crm.item.payment.list'))).to.deep.equal([]);
  });

  it('user.get and user.current: user.get.json, user.current.json', async () => {
    expect(shapeDiff(await ok('user.get', { filter: { ID: [1, 7] } }), SHARED['user.get.json'])).to.deep.equal([]);
    expect(shapeDiff(await ok('user.current'), SHARED['user.current.json'])).to.deep.equal([]);
  });

  it('batch: batch.json (PHP [] for empty maps)', async () => {
    const body = await ok('batch', { halt: 0, cmd: { get_user: 'user.current', get_department: 'department.get?ID=1' } });
    expect(shapeDiff(body, await fixture('batch'))).to.deep.equal([]);
    const r = body['result'] as Record<string, unknown>;
    expect(r['result_error']).to.deep.equal([]);
    expect(r['result_next']).to.deep.equal([]);
  });

  it('batch errors: batch.error.halt0.json and batch.error.halt1.json', async () => {
    const halt0 = await ok('batch', { halt: 0, cmd: { get_user: 'crm.contact.get?id=999999', get_department: 'no.such.method' } });
    expect(shapeDiff(halt0, await fixture('batch.error.halt0'))).to.deep.equal([]);
    expect(Object.keys((halt0['result'] as { result_error: object }).result_error)).to.deep.equal(['get_user', 'get_department']);
    const halt1 = await ok('batch', { halt: 1, cmd: { get_user: 'crm.contact.get?id=999999', get_department: 'department.get' } });
    expect(shapeDiff(halt1, await fixture('batch.error.halt1'))).to.deep.equal([]);
    expect((halt1['result'] as Record<string, unknown>)['result']).to.deep.equal([]);
  });

  it('error envelopes: the fixtures, with their texts where the emulator mirrors them', async () => {
    const same = async (res: { status: number; body: unknown }, name: string, status: number, exactText = true) => {
      const fx = await fixture(name);
      expect(res.status, name).to.equal(status);
      expect(shapeDiff(res.body, fx), name).to.deep.equal([]);
      const b = res.body as Record<string, unknown>;
      expect(b['error'], name).to.equal(fx['error']);
      if (exactText) expect(b['error_description'], name).to.equal(fx['error_description']);
    };
    await same(await emu.handle({ path: '/rest/crm.currency.list.json', body: {}, method: 'POST' }), 'error.NO_AUTH_FOUND', 401);
    // The fixture's text is assembled from a docs table; the real text ends with a period.
    emu.setFaults({ expireToken: 'demo-access-token' });
    await same(await emu.handle({ path: '/rest/crm.currency.list.json', body: { auth: 'demo-access-token' }, method: 'POST' }), 'error.expired_token', 401, false);
    emu.reset();
    await same(await call('crm.item.get', { entityTypeId: 2, id: 999999 }), 'error.NOT_FOUND', 400);
    await same(await call('crm.item.list', { entityTypeId: 2, filter: { FIELD: 1 } }), 'error.INVALID_ARG_VALUE', 400);
    await same(await call('crm.activity.list', { filter: 'all' }), 'error.crm.deal.list.invalid-filter', 400);
    emu.setFaults({ status503: 1 });
    await same(await call('crm.currency.list'), 'error.QUERY_LIMIT_EXCEEDED', 503);
    emu.setFaults({ status429: 1 });
    await same(await call('crm.currency.list'), 'error.OPERATION_TIME_LIMIT', 429);
  });
});
