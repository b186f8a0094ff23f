import { expect } from '@open-wc/testing';
import { KNOWN_PROVIDERS, activityFilterParts, bitrixDate, itemClientFilter } from '../../src/adapters/bitrix24/filters.js';
import { channelOf } from '../../src/adapters/bitrix24/mapping.js';
import { NO_DEAL } from '../../src/core/metrics.js';
import { CHANNELS, type Channel } from '../../src/core/model.js';

const contact = { type: 'contact', id: '42' } as const;
const JAN = Date.UTC(2026, 0, 1);
const FEB = Date.UTC(2026, 1, 1);

/** Does a Bitrix24 filter part match an activity row (the subset of semantics these parts use)? */
function partMatches(part: Record<string, unknown>, row: { TYPE_ID: string; PROVIDER_ID: string }): boolean {
  const inList = (k: string) => (part[k] as string[]).includes((row as Record<string, string>)[k.replace(/^!?@/, '')]!);
  for (const k of Object.keys(part)) {
    if (k.startsWith('@') && !inList(k)) return false;
    if (k.startsWith('!@') && inList(k)) return false;
  }
  return true;
}

describe('Bitrix24 filters', () => {
  it('writes dates as ISO 8601 with an offset, to the second', () => {
    expect(bitrixDate(Date.UTC(2026, 0, 1, 12, 30, 5, 999))).to.equal('2026-01-01T12:30:05+00:00');
  });

  it('filters a contact\'s items by contactIds (secondary contacts too) and a company\'s by companyId', () => {
    expect(itemClientFilter(contact)).to.deep.equal({ contactIds: 42 });
    expect(itemClientFilter({ type: 'company', id: '7' })).to.deep.equal({ companyId: 7 });
  });

  it('binds activities to the client and translates dates, directions and completion', () => {
    const parts = activityFilterParts({
      client: contact, dates: [{ fields: ['createdAt'], from: JAN, to: FEB }, { fields: ['createdAt'], to: FEB - 1000 }],
      directions: ['in', 'none'], completed: true,
    });
    expect(parts).to.deep.equal([{
      '>=CREATED': '2026-01-01T00:00:00+00:00', '<CREATED': '2026-01-31T23:59:59+00:00',
      '@DIRECTION': ['1', '0'], COMPLETED: 'Y', BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: '42' }],
    }]);
  });

  it('replaces the client binding by the deals an activity must be bound to, and matches nothing for none', () => {
    const [part] = activityFilterParts({ client: contact, dealIds: ['5', '9', '5'] });
    expect(part!['BINDINGS']).to.deep.equal([{ OWNER_TYPE_ID: 2, OWNER_ID: '5' }, { OWNER_TYPE_ID: 2, OWNER_ID: '9' }]);
    expect(activityFilterParts({ client: contact, dealIds: [NO_DEAL] })).to.deep.equal([]);
    expect(activityFilterParts({ client: contact, dates: [{ fields: ['createdAt'], from: FEB, to: JAN }] })).to.deep.equal([]);
  });

  it('resolves a pipeline restriction into the client\'s deals of that pipeline', () => {
    const pipelines = new Map([['5', '0'], ['9', '3'], ['11', '3']]);
    const [part] = activityFilterParts({ client: contact, pipelines: ['3'] }, pipelines);
    expect(part!['BINDINGS']).to.deep.equal([{ OWNER_TYPE_ID: 2, OWNER_ID: '9' }, { OWNER_TYPE_ID: 2, OWNER_ID: '11' }]);
    const [both] = activityFilterParts({ client: contact, pipelines: ['3'], dealIds: ['5', '11'] }, pipelines);
    expect(both!['BINDINGS']).to.deep.equal([{ OWNER_TYPE_ID: 2, OWNER_ID: '11' }]);
    expect(activityFilterParts({ client: contact, pipelines: ['8'] }, pipelines)).to.deep.equal([]);
  });

  it('splits channels into disjoint parts that match exactly what channelOf maps to that channel', () => {
    const rows = [
      ...KNOWN_PROVIDERS.map((p) => ({ TYPE_ID: '6', PROVIDER_ID: p })),
      ...['1', '2', '3', '4', '5', '6'].map((t) => ({ TYPE_ID: t, PROVIDER_ID: 'REST_APP' })),
      { TYPE_ID: '2', PROVIDER_ID: 'CRM_EMAIL' },
    ];
    for (const c of CHANNELS) {
      const parts = activityFilterParts({ client: contact, channels: [c] });
      for (const row of rows) {
        const matching = parts.filter((p) => partMatches(p, row)).length;
        expect(matching, `${c} ${JSON.stringify(row)}`).to.equal(channelOf(row.TYPE_ID, row.PROVIDER_ID) === c ? 1 : 0);
      }
    }
    const several = activityFilterParts({ client: contact, channels: ['call', 'chat', 'other'] as Channel[] });
    expect(several.map((p) => Object.keys(p).filter((k) => k.includes('_ID') && k !== 'BINDINGS').sort())).to.deep.equal([
      ['@PROVIDER_ID'], ['!@PROVIDER_ID', '@TYPE_ID'], ['!@PROVIDER_ID', '!@TYPE_ID'],
    ]);
  });

  it('refuses deal-only fields on activities', () => {
    expect(() => activityFilterParts({ client: contact, semantics: ['won'] })).to.throw(TypeError, /semantics/);
  });
});
