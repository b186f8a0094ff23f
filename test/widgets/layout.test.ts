import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  DIRECTIONS, addWidget, defaultLayout, moveWidget, normalizeLayout, removeWidget, sanitizeSettings, updateSettings,
} from '../../src/widgets/layout.js';
import { WIDGET_CATALOG } from '../../src/widgets/catalog.js';
import { LAYOUT_VERSION, MAX_WIDGETS, WIDGET_TYPES, type Layout, type WidgetType } from '../../src/widgets/types.js';
import { CHART_TYPES, COLORS } from '../../src/widgets/choices.js';

const ids = (l: Layout) => l.items.map((it) => it.id);
const types = (l: Layout) => l.items.map((it) => it.type);
const sys = { id: 'w1', type: 'system', settings: {} } as const;
const layoutOf = (...items: Layout['items']): Layout => ({ version: LAYOUT_VERSION, items });
/** Asserts some warning mentions every fragment. */
function warned(warnings: readonly string[], ...fragments: string[]): void {
  expect(warnings.some((w) => fragments.every((f) => w.includes(f))), `a warning with ${fragments.join(' + ')} in ${JSON.stringify(warnings)}`).to.equal(true);
}

describe('defaultLayout', () => {
  it('has one widget per type but the custom number, in catalog order, ids w1…w9, empty settings', () => {
    const l = defaultLayout();
    expect(l.version).to.equal(1);
    expect(types(l)).to.deep.equal(WIDGET_TYPES.filter((t) => t !== 'number'));
    expect(ids(l)).to.deep.equal(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
    expect(l.items.every((it) => Object.keys(it.settings).length === 0)).to.equal(true);
  });
  it('returns a fresh object each time', () => {
    expect(defaultLayout()).to.not.equal(defaultLayout());
    expect(defaultLayout()).to.deep.equal(defaultLayout());
  });
});

describe('normalizeLayout: corrupt input', () => {
  for (const [name, input] of [
    ['null', null], ['undefined', undefined], ['a number', 42], ['a string', '{"version":1}'], ['true', true],
    ['an object without items', { version: 1 }], ['items not a list', { version: 1, items: 'system' }],
  ] as const) {
    it(`${name} → the default layout and a warning`, () => {
      const r = normalizeLayout(input);
      expect(r.layout).to.deep.equal(defaultLayout());
      expect(r.warnings).to.have.length(1);
    });
  }

  it('a hostile object (throwing getter) → the default layout, no exception', () => {
    const evil = { version: 1, get items(): never { throw new Error('boom'); } };
    const r = normalizeLayout(evil);
    expect(r.layout).to.deep.equal(defaultLayout());
    warned(r.warnings, 'boom');
  });

  it('a valid current layout comes back unchanged, without warnings', () => {
    const input = layoutOf(sys, { id: 'a', type: 'payments-trend', settings: { grouping: 'week', chart: 'bar' } });
    const r = normalizeLayout(input);
    expect(r.warnings).to.deep.equal([]);
    expect(r.layout).to.deep.equal(input);
  });

  it('an empty items list → the system widget alone', () => {
    const r = normalizeLayout({ version: 1, items: [] });
    expect(r.layout).to.deep.equal(layoutOf(sys));
    warned(r.warnings, 'system widget was missing');
  });
});

describe('normalizeLayout: migration from version 0', () => {
  it('a plain array of type names gets ids and empty settings', () => {
    const r = normalizeLayout(['system', 'load-by-channel', 'sales-amount']);
    expect(r.layout).to.deep.equal(layoutOf(
      sys,
      { id: 'w2', type: 'load-by-channel', settings: {} },
      { id: 'w3', type: 'sales-amount', settings: {} },
    ));
    warned(r.warnings, 'version 0');
  });

  it('an array without the system widget gets it first', () => {
    const r = normalizeLayout(['deal-conversion', 'deal-conversion']);
    expect(r.layout).to.deep.equal(layoutOf(
      sys,
      { id: 'w2', type: 'deal-conversion', settings: {} },
      { id: 'w3', type: 'deal-conversion', settings: {} },
    ));
    warned(r.warnings, 'system widget was missing');
  });

  it('{ items: [{ type, settings }] } keeps the settings', () => {
    const r = normalizeLayout({ items: [
      { type: 'system' },
      { type: 'load-by-channel', settings: { title: 'Calls', channels: ['call'], chart: 'bar' } },
      { type: 'deal-conversion', settings: { count: 'closed', pipelines: ['0', '2'] } },
    ] });
    expect(r.layout).to.deep.equal(layoutOf(
      sys,
      { id: 'w2', type: 'load-by-channel', settings: { title: 'Calls', channels: ['call'], chart: 'bar' } },
      { id: 'w3', type: 'deal-conversion', settings: { count: 'closed', pipelines: ['0', '2'] } },
    ));
    warned(r.warnings, 'version 0');
  });

  it('a version-0 array mixing names and objects', () => {
    const r = normalizeLayout(['system', { type: 'invoice-amounts', settings: { compare: true } }]);
    expect(r.layout.items[1]).to.deep.equal({ id: 'w2', type: 'invoice-amounts', settings: { compare: 'previous' } }); // the old boolean
  });
});

describe('normalizeLayout: repairs', () => {
  it('drops unknown types and non-widgets, with a warning each', () => {
    const r = normalizeLayout({ version: 1, items: [
      sys, { id: 'x', type: 'weather' }, 7, null, 'nope', { id: 'y', type: 'sales-amount', settings: {} },
    ] });
    expect(types(r.layout)).to.deep.equal(['system', 'sales-amount']);
    expect(ids(r.layout)).to.deep.equal(['w1', 'y']);
    warned(r.warnings, 'unknown widget type', 'weather');
    warned(r.warnings, 'unknown widget type', 'nope');
    expect(r.warnings).to.have.length(4);
  });

  it('renames duplicate ids without taking an id a later item holds', () => {
    const r = normalizeLayout({ version: 1, items: [
      sys,
      { id: 'a', type: 'sales-amount', settings: {} },
      { id: 'a', type: 'invoice-amounts', settings: {} },
      { id: 'w2', type: 'deal-conversion', settings: {} },
    ] });
    expect(ids(r.layout)).to.deep.equal(['w1', 'a', 'w3', 'w2']);
    warned(r.warnings, 'duplicate id', '"a"', '"w3"');
  });

  it('gives ids to items without usable ones (numbers are kept as text)', () => {
    const r = normalizeLayout({ version: 1, items: [
      sys, { id: 5, type: 'sales-amount' }, { id: '', type: 'sales-amount' }, { id: {}, type: 'sales-amount' }, { type: 'sales-amount' },
    ] });
    expect(ids(r.layout)).to.deep.equal(['w1', '5', 'w2', 'w3', 'w4']);
  });

  it('moves the system widget first and empties its settings', () => {
    const r = normalizeLayout({ version: 1, items: [
      { id: 'a', type: 'sales-amount', settings: {} },
      { id: 's', type: 'system', settings: { title: 'Mine', color: 'red' } },
    ] });
    expect(r.layout).to.deep.equal(layoutOf(
      { id: 's', type: 'system', settings: {} },
      { id: 'a', type: 'sales-amount', settings: {} },
    ));
    warned(r.warnings, 'system widget was at position 1');
    warned(r.warnings, 'settings were emptied');
  });

  it('keeps one system widget only', () => {
    const r = normalizeLayout({ version: 1, items: [sys, { id: 'w2', type: 'system' }, { id: 'w3', type: 'system' }] });
    expect(r.layout).to.deep.equal(layoutOf(sys));
    warned(r.warnings, '2 extra system widget');
  });

  it('cuts more than 30 widgets, keeping the first ones', () => {
    const items = [sys, ...Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, type: 'sales-amount', settings: {} }))];
    const r = normalizeLayout({ version: 1, items });
    expect(r.layout.items).to.have.length(MAX_WIDGETS);
    expect(ids(r.layout).at(-1)).to.equal('x28');
    warned(r.warnings, '41 widgets', 'the last 11 dropped');
  });

  it('counts a re-inserted system widget in the 30', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `x${i}`, type: 'sales-amount' }));
    const r = normalizeLayout({ version: 1, items });
    expect(r.layout.items).to.have.length(MAX_WIDGETS);
    expect(r.layout.items[0]!.type).to.equal('system');
    expect(ids(r.layout).at(-1)).to.equal('x28');
  });

  it('reads a newer version as far as it understands, with a warning', () => {
    const r = normalizeLayout({ version: 3, items: [
      { id: 'w1', type: 'system', settings: {} },
      { id: 'w2', type: 'sales-amount', settings: { color: 'red', sparkle: true }, size: 'wide' },
      { id: 'w3', type: 'heatmap', settings: {} },
    ], theme: 'dark' });
    expect(r.layout).to.deep.equal(layoutOf(sys, { id: 'w2', type: 'sales-amount', settings: { color: 'red' } }));
    warned(r.warnings, 'version 3 is newer');
    warned(r.warnings, 'unknown setting "sparkle"');
    warned(r.warnings, 'heatmap');
  });

  it('warns about an unknown, non-numeric version', () => {
    const r = normalizeLayout({ version: 'beta', items: ['system'] });
    expect(r.layout).to.deep.equal(layoutOf(sys));
    warned(r.warnings, 'unknown layout version "beta"');
  });
});

describe('sanitizeSettings', () => {
  it('keeps valid settings in canonical key order', () => {
    const r = sanitizeSettings('load-by-channel', {
      chart: 'bar', compare: false, completed: true, directions: ['out', 'in'], channels: ['email', 'call'],
      color: 'teal', period: 'last-7-days', title: 'Calls',
    });
    expect(r.warnings).to.deep.equal([]);
    expect(JSON.stringify(r.settings)).to.equal(JSON.stringify({
      title: 'Calls', period: 'last-7-days', channels: ['call', 'email'], directions: ['in', 'out'], completed: true,
      chart: 'bar', color: 'teal', compare: 'off',
    }));
  });

  it('drops unknown keys and fields the type does not offer', () => {
    const r = sanitizeSettings('invoice-amounts', { foo: 1, channels: ['call'], invoiceStages: ['P'] });
    expect(r.settings).to.deep.equal({ invoiceStages: ['P'] });
    warned(r.warnings, 'unknown setting "foo"');
    warned(r.warnings, 'no "channels" setting');
  });

  it('trims titles, cuts them to 80 characters (code points) and drops blank ones', () => {
    expect(sanitizeSettings('sales-amount', { title: '  Big deals  ' }).settings).to.deep.equal({ title: 'Big deals' });
    expect(sanitizeSettings('sales-amount', { title: '   ' }).settings).to.deep.equal({});
    const long = `${'x'.repeat(79)}😀😀😀`;
    const cut = sanitizeSettings('sales-amount', { title: long });
    expect(cut.settings.title).to.equal(`${'x'.repeat(79)}😀`);
    warned(cut.warnings, 'longer than 80');
    expect(sanitizeSettings('sales-amount', { title: 12 }).settings).to.deep.equal({});
  });

  it('keeps parsable periods in canonical form and drops the others', () => {
    expect(sanitizeSettings('sales-amount', { period: ' QUARTER:2026-q1 ' }).settings).to.deep.equal({ period: 'quarter:2026-Q1' });
    expect(sanitizeSettings('sales-amount', { period: 'month:2026-03' }).settings).to.deep.equal({ period: 'month:2026-03' });
    const bad = sanitizeSettings('sales-amount', { period: 'month:2026-13' });
    expect(bad.settings).to.deep.equal({});
    warned(bad.warnings, 'not a period');
    expect(sanitizeSettings('sales-amount', { period: 30 }).settings).to.deep.equal({});
  });

  it('checks enumerations', () => {
    const r = sanitizeSettings('payments-trend', { color: 'pink', grouping: 'hour', chart: 'pie' });
    expect(r.settings).to.deep.equal({});
    expect(r.warnings).to.have.length(3);
    expect(sanitizeSettings('deal-conversion', { count: 'closed' }).settings).to.deep.equal({ count: 'closed' });
    expect(sanitizeSettings('deal-conversion', { count: 'open' }).settings).to.deep.equal({});
    for (const color of COLORS) expect(sanitizeSettings('sales-amount', { color }).settings).to.deep.equal({ color });
  });

  it("accepts only the type's own chart types", () => {
    for (const type of WIDGET_TYPES) {
      for (const chart of CHART_TYPES) {
        const offered = WIDGET_CATALOG[type].settings.includes('chart') && WIDGET_CATALOG[type].charts.includes(chart);
        expect(sanitizeSettings(type, { chart }).settings, `${type} ${chart}`).to.deep.equal(offered ? { chart } : {});
      }
    }
    warned(sanitizeSettings('payments-trend', { chart: 'doughnut' }).warnings, 'no doughnut chart');
  });

  it('filters lists: strings only, deduplicated, known channels and directions, empty → absent', () => {
    expect(sanitizeSettings('communication-load', { pipelines: ['0', 0, '0', '', '2', null] }).settings).to.deep.equal({ pipelines: ['0', '2'] });
    expect(sanitizeSettings('communication-load', { pipelines: [] }).settings).to.deep.equal({});
    expect(sanitizeSettings('communication-load', { pipelines: '0' }).settings).to.deep.equal({});
    expect(sanitizeSettings('load-by-channel', { channels: ['fax', 'sms', 'call', 'sms'], directions: ['in', 'sideways', 'none'] }).settings)
      .to.deep.equal({ channels: ['call', 'sms'], directions: ['in', 'none'] });
    expect(sanitizeSettings('sales-amount', { dealStages: ['WON', 'C1:WON'] }).settings).to.deep.equal({ dealStages: ['WON', 'C1:WON'] });
    expect(DIRECTIONS).to.deep.equal(['in', 'out', 'none']);
  });

  it('checks booleans and comparison modes (a layout\'s old boolean compare still reads)', () => {
    const bad = sanitizeSettings('load-by-channel', { completed: 'yes', compare: 1 });
    expect(bad.settings).to.deep.equal({});
    expect(bad.warnings).to.deep.equal(['setting "completed" must be true or false, got "yes": dropped', 'setting "compare": 1 is not one of previous, last-year, off: dropped']);
    expect(sanitizeSettings('load-by-channel', { completed: false, compare: true }).settings).to.deep.equal({ completed: false, compare: 'previous' });
    expect(sanitizeSettings('load-by-channel', { compare: false }).settings).to.deep.equal({ compare: 'off' });
    expect(sanitizeSettings('load-by-channel', { compare: 'last-year' }).settings).to.deep.equal({ compare: 'last-year' });
  });

  it('empties the system widget settings and replaces non-objects', () => {
    expect(sanitizeSettings('system', { title: 'x' }).settings).to.deep.equal({});
    expect(sanitizeSettings('sales-amount', ['title']).settings).to.deep.equal({});
    expect(sanitizeSettings('sales-amount', null)).to.deep.equal({ settings: {}, warnings: [] });
  });

  it('is applied by normalizeLayout, with the item named in warnings', () => {
    const r = normalizeLayout({ version: 1, items: [sys, { id: 'k', type: 'sales-amount', settings: { color: 'pink', title: ' A ' } }] });
    expect(r.layout.items[1]!.settings).to.deep.equal({ title: 'A' });
    warned(r.warnings, 'item 1 (k)', 'color');
  });
});

describe('layout operations', () => {
  const base = (): Layout => layoutOf(
    sys,
    { id: 'w2', type: 'load-by-channel', settings: {} },
    { id: 'w3', type: 'sales-amount', settings: { color: 'red' } },
    { id: 'w4', type: 'payments-trend', settings: {} },
  );

  describe('addWidget', () => {
    it('appends with a new id above the highest wN, settings sanitized; the input is untouched', () => {
      const l = base();
      const before = JSON.stringify(l);
      const next = addWidget(l, 'deal-conversion', { count: 'closed', chart: 'bar' } as never);
      expect(JSON.stringify(l)).to.equal(before);
      expect(next.items.at(-1)).to.deep.equal({ id: 'w5', type: 'deal-conversion', settings: { count: 'closed' } });
      expect(next.items.slice(0, 4)).to.deep.equal(l.items);
    });
    it('never reuses an id, even after a removal in the middle', () => {
      const next = addWidget(removeWidget(base(), 'w3'), 'sales-amount');
      expect(ids(next)).to.deep.equal(['w1', 'w2', 'w4', 'w5']);
      expect(ids(addWidget(layoutOf({ ...sys, id: 'main' }), 'sales-amount'))).to.deep.equal(['main', 'w1']);
    });
    it('throws a RangeError at 30 widgets', () => {
      let l = layoutOf(sys);
      for (let i = 1; i < MAX_WIDGETS; i++) l = addWidget(l, 'sales-amount');
      expect(l.items).to.have.length(MAX_WIDGETS);
      expect(new Set(ids(l)).size).to.equal(MAX_WIDGETS);
      expect(() => addWidget(l, 'sales-amount')).to.throw(RangeError);
    });
    it('refuses a second system widget or an unknown type', () => {
      expect(() => addWidget(base(), 'system')).to.throw(TypeError);
      expect(() => addWidget(base(), 'weather' as WidgetType)).to.throw(TypeError);
    });
  });

  describe('removeWidget', () => {
    it('removes by id', () => {
      expect(ids(removeWidget(base(), 'w2'))).to.deep.equal(['w1', 'w3', 'w4']);
    });
    it('returns the same layout for the system widget or an unknown id', () => {
      const l = base();
      expect(removeWidget(l, 'w1')).to.equal(l);
      expect(removeWidget(l, 'nope')).to.equal(l);
    });
  });

  describe('moveWidget', () => {
    it('moves to the index of the result', () => {
      expect(ids(moveWidget(base(), 'w4', 1))).to.deep.equal(['w1', 'w4', 'w2', 'w3']);
      expect(ids(moveWidget(base(), 'w2', 3))).to.deep.equal(['w1', 'w3', 'w4', 'w2']);
      expect(ids(moveWidget(base(), 'w2', 2))).to.deep.equal(['w1', 'w3', 'w2', 'w4']);
    });
    it('clamps: nothing goes before the system widget, nothing past the end', () => {
      expect(ids(moveWidget(base(), 'w3', 0))).to.deep.equal(['w1', 'w3', 'w2', 'w4']);
      expect(ids(moveWidget(base(), 'w3', -5))).to.deep.equal(['w1', 'w3', 'w2', 'w4']);
      expect(ids(moveWidget(base(), 'w2', 99))).to.deep.equal(['w1', 'w3', 'w4', 'w2']);
      expect(ids(moveWidget(base(), 'w2', 2.7))).to.deep.equal(['w1', 'w3', 'w2', 'w4']);
    });
    it('returns the same layout when nothing moves', () => {
      const l = base();
      expect(moveWidget(l, 'w1', 3)).to.equal(l);
      expect(moveWidget(l, 'w2', 1)).to.equal(l);
      expect(moveWidget(l, 'w2', 0)).to.equal(l);
      expect(moveWidget(l, 'nope', 2)).to.equal(l);
      expect(moveWidget(l, 'w2', NaN)).to.equal(l);
    });
  });

  describe('updateSettings', () => {
    it('replaces the settings, sanitized; other items keep their identity', () => {
      const l = base();
      const next = updateSettings(l, 'w3', { title: '  Sales  ', chart: 'line', pipelines: ['1'] });
      expect(next.items[2]).to.deep.equal({ id: 'w3', type: 'sales-amount', settings: { title: 'Sales', pipelines: ['1'] } });
      expect(next.items[1]).to.equal(l.items[1]);
      expect(l.items[2]!.settings).to.deep.equal({ color: 'red' });
    });
    it('ignores the system widget and unknown ids', () => {
      const l = base();
      expect(updateSettings(l, 'w1', { title: 'x' })).to.equal(l);
      expect(updateSettings(l, 'nope', { title: 'x' })).to.equal(l);
    });
  });
});

describe('normalizeLayout: properties', () => {
  const anyType = fc.oneof(fc.constantFrom<unknown>(...WIDGET_TYPES), fc.string(), fc.constant(undefined));
  const settingsArb = fc.oneof(
    fc.record({
      title: fc.oneof(fc.string({ maxLength: 120 }), fc.integer()),
      period: fc.oneof(fc.constantFrom('last-7-days', 'month:2026-03', 'quarter:2025-q4', 'range:2026-02-01/2026-01-01', 'bogus'), fc.string()),
      pipelines: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer())), fc.string()),
      dealStages: fc.array(fc.string({ maxLength: 3 })),
      channels: fc.array(fc.oneof(fc.constantFrom('call', 'email', 'sms', 'fax'), fc.string())),
      directions: fc.array(fc.constantFrom('in', 'out', 'none', 'up')),
      completed: fc.oneof(fc.boolean(), fc.string()),
      chart: fc.constantFrom(...CHART_TYPES, 'pie'),
      grouping: fc.constantFrom('auto', 'day', 'week', 'month', 'hour'),
      color: fc.constantFrom(...COLORS, 'pink'),
      count: fc.constantFrom('all', 'closed', 'open'),
      compare: fc.oneof(fc.boolean(), fc.integer(), fc.constantFrom('previous', 'last-year', 'off', 'next')),
      junk: fc.anything(),
    }, { requiredKeys: [] }),
    fc.anything(),
  );
  const itemArb = fc.oneof(
    fc.record({
      id: fc.oneof(fc.constantFrom('w1', 'w2', 'w3', 'a', ''), fc.string(), fc.integer()),
      type: anyType,
      settings: settingsArb,
    }, { requiredKeys: [] }),
    anyType,
    fc.anything(),
  );
  const inputArb = fc.oneof(
    fc.anything(),
    fc.jsonValue(),
    fc.array(itemArb, { maxLength: 40 }),
    fc.record({ version: fc.oneof(fc.constantFrom(0, 1, 2, undefined), fc.anything()), items: fc.array(itemArb, { maxLength: 40 }) }, { requiredKeys: ['items'] }),
  );

  it('never throws; ≤ 30 items, system first and alone, unique ids; idempotent', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { layout } = normalizeLayout(input);
        expect(layout.version).to.equal(LAYOUT_VERSION);
        expect(layout.items.length).to.be.within(1, MAX_WIDGETS);
        expect(layout.items[0]!.type).to.equal('system');
        expect(layout.items[0]!.settings).to.deep.equal({});
        expect(layout.items.filter((it) => it.type === 'system')).to.have.length(1);
        expect(new Set(ids(layout)).size).to.equal(layout.items.length);
        const again = normalizeLayout(layout);
        expect(again.warnings).to.deep.equal([]);
        expect(JSON.stringify(again.layout)).to.equal(JSON.stringify(layout));
        // What storage gives back (a JSON round trip) normalizes to the same layout too.
        expect(JSON.stringify(normalizeLayout(JSON.parse(JSON.stringify(layout))).layout)).to.equal(JSON.stringify(layout));
      }),
      { numRuns: 500 },
    );
  });
});
