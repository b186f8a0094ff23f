import { fixture, html, expect, oneEvent, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/elements/detail-panel/define.js';
import type { CrmDetailPanel, CrmRecordOpenDetail } from '../../src/elements/detail-panel/detail-panel.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { AdapterError } from '../../src/adapters/errors.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import { evaluateMetrics } from '../../src/core/evaluate.js';
import { inputFilter } from '../../src/core/input-filter.js';
import type { MetricContext } from '../../src/core/metrics.js';
import type { Deal, RecordKind } from '../../src/core/model.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { RecordFilter, RecordPage, RecordQuery, SortSpec } from '../../src/core/query.js';
import { formatAmount, formatDate, msg } from '../../src/i18n/index.js';

const adapter = new DemoAdapter({ seed: 1 });
const rates = adapter.data.reference.rates!;
const CLIENT = { type: 'contact', id: '1' } as const;
const NEWEST: SortSpec = { field: 'createdAt', direction: 'desc' };
/** Lists of closed (won) deals show and sort by the closing date. */
const NEWEST_CLOSED: SortSpec = { field: 'closedAt', direction: 'desc' };

function ctxFor(period: string): MetricContext {
  return {
    client: CLIENT, period: resolvePeriod(period, adapter.data.now, 'UTC', 'en'), now: adapter.data.now,
    currency: 'EUR', rates, locale: 'en',
  };
}

const wonFilter = (period: string) => inputFilter(adapter, 'won-value', 'won', ctxFor(period));
const activityFilter = (period: string) => inputFilter(adapter, 'communication-load', 'activities', ctxFor(period));

interface Setup {
  readonly source?: CrmAdapter;
  readonly kind?: RecordKind;
  readonly filter: RecordFilter;
  readonly heading?: string;
  readonly period?: string;
  readonly theme?: 'dark';
}

async function panel(s: Setup): Promise<CrmDetailPanel> {
  const el = await fixture<CrmDetailPanel>(html`<crm-detail-panel
    .adapter=${s.source ?? adapter} kind=${s.kind ?? 'deal'} .filter=${s.filter} heading=${s.heading ?? 'Won deals'}
    period-label=${s.period ?? 'All time'} locale="en" time-zone="UTC" currency="EUR" .rates=${rates}
    theme=${s.theme ?? 'light'}></crm-detail-panel>`);
  return el;
}

const $ = <T extends Element = HTMLElement>(el: CrmDetailPanel, sel: string): T | null => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: CrmDetailPanel, sel: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const dialogOf = (el: CrmDetailPanel) => $<HTMLDialogElement>(el, 'dialog')!;
const text = (n: Node | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
// Exact text (Intl's narrow no-break spaces kept): these elements hold no template whitespace.
const footerText = (el: CrmDetailPanel) => $(el, '.summary .total')?.textContent ?? '';
const titleText = (el: CrmDetailPanel) => $(el, 'h2')?.textContent ?? '';
const firstCells = (el: CrmDetailPanel, col: number) => $$(el, 'tbody tr').map((tr) => text(tr.children[col]));

/** Waits until neither the page nor the footer is loading. */
async function settled(el: CrmDetailPanel): Promise<void> {
  await el.updateComplete; // a click or a change has been rendered (and its request started)
  await waitUntil(() => dialogOf(el).getAttribute('aria-busy') === 'false', 'the panel did not finish loading', { timeout: 5000 });
  await el.updateComplete;
}

async function openAndLoad(el: CrmDetailPanel, opener?: HTMLElement): Promise<void> {
  await el.show(opener);
  await settled(el);
}

/** A link's own text, without its visually hidden "(opens in a new tab)". */
const linkText = (a: Element) => [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();

describe('<crm-detail-panel>', () => {
  afterEach(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('opens as a modal dialog with the title and the first page of records', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    expect(dialogOf(el).open).to.equal(false);
    const opened = oneEvent(el, 'crm-detail-open');
    await el.show();
    const ev = await opened;
    expect(ev.detail).to.deep.equal({ kind: 'deal', filter });
    expect(dialogOf(el).open).to.equal(true);
    expect(dialogOf(el).matches(':modal')).to.equal(true);
    await settled(el);

    const v = (await evaluateMetrics(adapter, ctxFor('all-time'), ['won-value']))['won-value'];
    const total = formatAmount(v.money!.total, 'en');
    expect(titleText(el)).to.equal(`Won deals · All time · ${msg('en', 'kind.deal', { count: v.counts.won! })} · ${total}`);

    const expected = await adapter.records({ kind: 'deal', filter, sort: NEWEST_CLOSED, page: { offset: 0, limit: 20 } });
    expect(expected.total).to.be.greaterThan(3);
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(Math.min(20, expected.total));
    expect(text(rows[0]!.children[0])).to.include(expected.items[0]!.title);
    expect(text(rows[0]!.children[1])).to.equal(expected.items[0]!.stageName ?? expected.items[0]!.stageId);
    expect($$(el, 'thead th').map((th) => text(th))).to.deep.equal(['Title', 'Stage', 'Amount', 'Date', 'Responsible']);
    // Newest first by the date shown (the closing date of won deals).
    expect($$(el, 'thead th')[3]!.getAttribute('aria-sort')).to.equal('descending');
    expect(firstCells(el, 3)[0]).to.equal(formatDate(expected.items[0]!.closedAt!, 'en', 'UTC'));
  });

  it('sorts a list of open and closed deals by creation date, newest first', async () => {
    const { kind, filter } = await inputFilter(adapter, 'communication-load', 'deals', ctxFor('all-time'));
    expect(kind).to.equal('deal');
    const el = await panel({ kind, filter, heading: 'Deals' });
    await openAndLoad(el);
    const expected = await adapter.records({ kind: 'deal', filter, sort: NEWEST, page: { offset: 0, limit: 20 } });
    expect(linkText($(el, 'tbody tr a')!)).to.equal(expected.items[0]!.title);
    expect(firstCells(el, 4)).to.deep.equal(expected.items.map((d) => d.responsible?.name ?? '—'));
    expect($$(el, 'thead th')[3]!.getAttribute('aria-sort')).to.equal('descending');
    // The column shows the date it sorts by: creation, even for the closed deals of the list.
    expect(expected.items.some((d) => d.closedAt !== undefined)).to.equal(true);
    expect(firstCells(el, 3)).to.deep.equal(expected.items.map((d) => formatDate(d.createdAt, 'en', 'UTC')));
  });

  for (const period of ['last-30-days', 'year:2025', 'all-time']) {
    it(`reconciles its footer with the won-deals number: ${period}`, async () => {
      const { kind, filter } = await wonFilter(period);
      const el = await panel({ kind, filter, period });
      await openAndLoad(el);
      const v = (await evaluateMetrics(adapter, ctxFor(period), ['won-value']))['won-value'];
      const records = msg('en', 'kind.deal', { count: v.counts.won! });
      const total = formatAmount(v.money!.total, 'en');
      expect(footerText(el)).to.equal(msg('en', 'detail.footer', { records, total }));
      expect(footerText(el)).to.equal(`${records} · total ${total}`);
      expect(titleText(el)).to.equal(`Won deals · ${period} · ${records} · ${total}`);
    });
  }

  for (const period of ['year:2025', 'all-time']) {
    it(`reconciles an activity list with the communication-load input, count only: ${period}`, async () => {
      const { kind, filter } = await activityFilter(period);
      expect(kind).to.equal('activity');
      const el = await panel({ kind, filter, heading: 'Activities on deals', period });
      await openAndLoad(el);
      const v = (await evaluateMetrics(adapter, ctxFor(period), ['communication-load']))['communication-load'];
      const records = msg('en', 'kind.activity', { count: v.counts.activities! });
      expect(footerText(el)).to.equal(records);
      expect(titleText(el)).to.equal(`Activities on deals · ${period} · ${records}`);
      expect($$(el, 'thead th').map((th) => text(th))).to.deep.equal(['Channel', 'Direction', 'Subject', 'Date']);
    });
  }

  it('pages through the records: next page shows rows 21–40, previous goes back', async () => {
    const { kind, filter } = await activityFilter('all-time');
    const el = await panel({ kind, filter });
    await openAndLoad(el);
    const total = (await adapter.records({ kind, filter, page: { offset: 0, limit: 1 } })).total;
    expect(total).to.be.greaterThan(40);
    const pages = Math.ceil(total / 20);
    expect(text($(el, '.page-of'))).to.equal(`Page 1 of ${pages}`);
    expect($<HTMLButtonElement>(el, '.prev')!.disabled).to.equal(true);

    $<HTMLButtonElement>(el, '.next')!.click();
    await settled(el);
    const second = await adapter.records({ kind: 'activity', filter, sort: NEWEST, page: { offset: 20, limit: 20 } });
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(20);
    expect(linkText($(el, 'tbody tr td:nth-child(3) a')!)).to.equal(second.items[0]!.subject);
    expect(firstCells(el, 2).map((s) => s.replace(/ \(opens in a new tab\)$/, ''))).to.deep.equal(second.items.map((a) => a.subject));
    expect(text($(el, '.page-of'))).to.equal(`Page 2 of ${pages}`);

    $<HTMLButtonElement>(el, '.prev')!.click();
    await settled(el);
    expect(text($(el, '.page-of'))).to.equal(`Page 1 of ${pages}`);
  });

  it('changes the page size to 50', async () => {
    const { kind, filter } = await activityFilter('all-time');
    const calls: RecordQuery[] = [];
    const spy: CrmAdapter = {
      label: 'spy', maxPageSize: adapter.maxPageSize, getClient: (r, s) => adapter.getClient(r, s),
      records: (q, s) => { calls.push(q); return adapter.records(q, s); },
      aggregate: (q, s) => adapter.aggregate(q, s),
    };
    const el = await panel({ source: spy, kind, filter });
    await openAndLoad(el);
    const total = (await adapter.records({ kind, filter, page: { offset: 0, limit: 1 } })).total;
    const select = $<HTMLSelectElement>(el, '.pager select')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['20', '50', '100']);
    select.value = '50';
    select.dispatchEvent(new Event('change'));
    await settled(el);
    expect($$(el, 'tbody tr')).to.have.length(50);
    expect(text($(el, '.page-of'))).to.equal(`Page 1 of ${Math.ceil(total / 50)}`);
    expect(calls.at(-1)!.page).to.deep.equal({ offset: 0, limit: 50 });
    expect(calls.at(-1)!.sort).to.deep.equal(NEWEST);
    expect($$(el, 'thead th')[3]!.getAttribute('aria-sort')).to.equal('descending');
    // One records() call per page shown.
    expect(calls).to.have.length(2);
  });

  it('offers only page sizes the adapter accepts', async () => {
    const { kind, filter } = await activityFilter('all-time');
    const small: CrmAdapter = {
      label: 'small', maxPageSize: 50, getClient: (r, s) => adapter.getClient(r, s),
      records: (q, s) => adapter.records(q, s), aggregate: (q, s) => adapter.aggregate(q, s),
    };
    const el = await panel({ source: small, kind, filter });
    await openAndLoad(el);
    expect([...$<HTMLSelectElement>(el, '.pager select')!.options].map((o) => o.value)).to.deep.equal(['20', '50']);
  });

  it('sorts by amount ascending then descending, with aria-sort', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    await openAndLoad(el);
    const amountTh = () => $$(el, 'thead th')[2]!;
    const dateTh = () => $$(el, 'thead th')[3]!;
    expect(amountTh().hasAttribute('aria-sort')).to.equal(false);
    expect($$(el, 'thead th')[1]!.querySelector('button') === null, 'stage is not sortable').to.equal(true);

    amountTh().querySelector('button')!.click();
    await settled(el);
    expect(amountTh().getAttribute('aria-sort')).to.equal('ascending');
    const asc = await adapter.records({ kind: 'deal', filter, sort: { field: 'amount', direction: 'asc' }, page: { offset: 0, limit: 20 } });
    const fmt = (d: Deal) => (d.amount ? formatAmount(d.amount, 'en') : '—');
    expect(firstCells(el, 2)).to.deep.equal(asc.items.map(fmt));
    const minors = asc.items.filter((d) => d.amount?.currency === 'EUR').map((d) => d.amount!.minor);
    expect(minors).to.deep.equal([...minors].sort((a, b) => a - b));

    amountTh().querySelector('button')!.click();
    await settled(el);
    expect(amountTh().getAttribute('aria-sort')).to.equal('descending');
    expect(dateTh().hasAttribute('aria-sort')).to.equal(false);
    const desc = await adapter.records({ kind: 'deal', filter, sort: { field: 'amount', direction: 'desc' }, page: { offset: 0, limit: 20 } });
    expect(firstCells(el, 2)).to.deep.equal(desc.items.map(fmt));
    expect(firstCells(el, 2)).to.not.deep.equal(asc.items.map(fmt));

    // Won deals: the date column (closedAt ?? createdAt) sorts by closedAt.
    dateTh().querySelector('button')!.click();
    await settled(el);
    expect(dateTh().getAttribute('aria-sort')).to.equal('ascending');
    expect(amountTh().hasAttribute('aria-sort')).to.equal(false);
    const byClosed = await adapter.records({ kind: 'deal', filter, sort: { field: 'closedAt', direction: 'asc' }, page: { offset: 0, limit: 20 } });
    expect(linkText($(el, 'tbody tr a')!)).to.equal(byClosed.items[0]!.title);
  });

  it('never lets a late answer overwrite a newer one, and aborts the superseded request', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const pending: { q: RecordQuery; signal: AbortSignal | undefined; release: () => void }[] = [];
    const slow: CrmAdapter = {
      label: 'slow', getClient: (r, s) => adapter.getClient(r, s), aggregate: (q, s) => adapter.aggregate(q, s),
      records: <K extends RecordKind>(q: RecordQuery<K>, signal?: AbortSignal) => new Promise<RecordPage<K>>((resolve) => {
        // Answers only when released, even when aborted: a source that ignores its signal.
        pending.push({ q, signal, release: () => void adapter.records(q).then(resolve) });
      }),
    };
    const el = await panel({ source: slow, kind, filter });
    await el.show();
    await waitUntil(() => pending.length === 1);
    pending[0]!.release();
    await settled(el);
    const amountButton = () => $$(el, 'thead th')[2]!.querySelector('button')!;
    amountButton().click(); // amount ascending
    await el.updateComplete;
    amountButton().click(); // amount descending, while the ascending page is still on its way
    await el.updateComplete;
    expect(pending).to.have.length(3);
    expect(pending[1]!.q.sort).to.deep.equal({ field: 'amount', direction: 'asc' });
    expect(pending[2]!.q.sort).to.deep.equal({ field: 'amount', direction: 'desc' });
    expect(pending[1]!.signal!.aborted).to.equal(true);
    expect(pending[2]!.signal!.aborted).to.equal(false);
    const desc = await adapter.records({ kind: 'deal', filter, sort: { field: 'amount', direction: 'desc' }, page: { offset: 0, limit: 20 } });
    pending[2]!.release();
    await settled(el);
    expect(linkText($(el, 'tbody tr a')!)).to.equal(desc.items[0]!.title);
    pending[1]!.release(); // the stale answer arrives last
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(linkText($(el, 'tbody tr a')!)).to.equal(desc.items[0]!.title);
    expect($$(el, 'thead th')[2]!.getAttribute('aria-sort')).to.equal('descending');
  });

  it('aborts the in-flight request when it closes', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const signals: AbortSignal[] = [];
    const never: CrmAdapter = {
      label: 'never', getClient: (r, s) => adapter.getClient(r, s), aggregate: (q, s) => adapter.aggregate(q, s),
      records: (_q, s) => { signals.push(s!); return new Promise(() => {}); },
    };
    const el = await panel({ source: never, kind, filter });
    await el.show();
    await waitUntil(() => signals.length === 1);
    el.close();
    expect(signals[0]!.aborted).to.equal(true);
  });

  it('closes on Escape and returns focus to the opener button', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const wrap = await fixture<HTMLDivElement>(html`<div><button id="opener">Open</button><input id="other">
      <crm-detail-panel .adapter=${adapter} kind=${kind} .filter=${filter} heading="Won deals" period-label="All time"
        locale="en" time-zone="UTC" currency="EUR" .rates=${rates}></crm-detail-panel></div>`);
    const button = wrap.querySelector<HTMLButtonElement>('#opener')!;
    const el = wrap.querySelector('crm-detail-panel')!;
    // Focus is elsewhere (e.g. the widget opened the panel from a menu): the given opener gets it back.
    wrap.querySelector<HTMLInputElement>('#other')!.focus();
    await openAndLoad(el, button);
    expect(el.shadowRoot!.activeElement !== null, 'focus moved into the dialog').to.equal(true);
    const closed = oneEvent(el, 'close');
    await sendKeys({ press: 'Escape' });
    await closed;
    expect(dialogOf(el).open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(document.activeElement === button, 'focus is back on the opener').to.equal(true);
  });

  it('closes with its labelled close button and returns focus to the opener', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const wrap = await fixture<HTMLDivElement>(html`<div><button id="opener">Open</button>
      <crm-detail-panel .adapter=${adapter} kind=${kind} .filter=${filter} locale="en" time-zone="UTC"></crm-detail-panel></div>`);
    const button = wrap.querySelector<HTMLButtonElement>('#opener')!;
    const el = wrap.querySelector('crm-detail-panel')!;
    button.focus();
    await openAndLoad(el); // opener defaults to the focused element
    const close = $<HTMLButtonElement>(el, 'button.close')!;
    expect(close.getAttribute('aria-label')).to.equal('Close');
    const closed = oneEvent(el, 'close');
    close.click();
    await closed;
    expect(dialogOf(el).open).to.equal(false);
    expect(document.activeElement === button, 'focus is back on the opener').to.equal(true);
  });

  it('lets Escape close only a nested dialog on top of it', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    await openAndLoad(el);
    // The host opens its own modal on top when a record link is activated (a real key press, so the
    // nested dialog gets its own close watcher as it would after a user's click).
    const nested = document.createElement('dialog');
    nested.innerHTML = '<button>Inner</button>';
    document.body.append(nested);
    const onOpen = (e: Event) => { e.preventDefault(); nested.showModal(); };
    el.addEventListener('crm-record-open', onOpen);
    try {
      $<HTMLAnchorElement>(el, 'tbody tr a')!.focus();
      await sendKeys({ press: 'Enter' });
      expect(nested.open).to.equal(true);
      const nestedClosed = oneEvent(nested, 'close');
      await sendKeys({ press: 'Escape' });
      await nestedClosed;
      await nextFrame();
      expect(nested.open).to.equal(false);
      expect(dialogOf(el).open).to.equal(true);
      const closed = oneEvent(el, 'close');
      await sendKeys({ press: 'Escape' });
      await closed;
      expect(dialogOf(el).open).to.equal(false);
    } finally {
      el.removeEventListener('crm-record-open', onOpen);
      nested.remove();
    }
  });

  it('fires crm-record-open with the record; preventDefault stops the navigation', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    await openAndLoad(el);
    const first = (await adapter.records({ kind: 'deal', filter, sort: NEWEST_CLOSED, page: { offset: 0, limit: 1 } })).items[0]!;
    const link = $<HTMLAnchorElement>(el, 'tbody tr a')!;
    expect(link.getAttribute('href')).to.equal(first.url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.include('noopener');

    let detail: CrmRecordOpenDetail | undefined;
    let prevented: boolean | undefined;
    const onOpen = (e: Event) => { detail = (e as CustomEvent<CrmRecordOpenDetail>).detail; e.preventDefault(); };
    const onClick = (e: Event) => { prevented = e.defaultPrevented; e.preventDefault(); };
    el.addEventListener('crm-record-open', onOpen);
    el.addEventListener('click', onClick); // runs after the link's own handler
    link.click();
    expect(detail!.kind).to.equal('deal');
    expect(detail!.record).to.equal(first);
    expect(prevented).to.equal(true);

    // Not cancelled: the link's default action (navigation) is left alone.
    el.removeEventListener('crm-record-open', onOpen);
    prevented = undefined;
    const seen = oneEvent(el, 'crm-record-open');
    link.click();
    const ev = await seen;
    expect(ev.bubbles && ev.composed && ev.cancelable).to.equal(true);
    expect(prevented).to.equal(false);
    el.removeEventListener('click', onClick);
  });

  it('renders record strings as text and links only http(s) URLs', async () => {
    const base = (await adapter.records({ kind: 'deal', filter: { client: CLIENT }, page: { offset: 0, limit: 1 } })).items[0]!;
    const deals: Deal[] = [
      { ...base, id: '901', title: 'Evil <img src=x onerror="window.__pwned=1">', url: 'javascript:window.__pwned=1', createdAt: 5 },
      { ...base, id: '902', title: 'Data deal', url: 'data:text/html,<script>alert(1)</script>', createdAt: 4 },
      { ...base, id: '903', title: 'Relative deal', url: '/crm/deal/903/', createdAt: 3 },
      { ...base, id: '904', title: 'Good deal', url: 'https://crm.example/deal/904', createdAt: 2 },
      { ...base, id: '905', title: 'Plain http', url: 'http://crm.example/deal/905', stageName: '<b>Stage</b>', createdAt: 1 },
    ];
    const fake: CrmAdapter = {
      label: 'fake', getClient: (r, s) => adapter.getClient(r, s),
      records: async <K extends RecordKind>() => ({ items: deals, total: deals.length }) as unknown as RecordPage<K>,
    };
    const el = await panel({ source: fake, filter: { client: CLIENT } });
    await openAndLoad(el);
    const rows = $$(el, 'tbody tr');
    expect(rows).to.have.length(5);
    const hasLink = (row: Element) => row.querySelector('a') !== null;
    expect(hasLink(rows[0]!), 'javascript: URL').to.equal(false);
    expect(rows[0]!.querySelector('img') === null).to.equal(true);
    expect(text(rows[0]!.children[0])).to.equal(deals[0]!.title);
    expect(hasLink(rows[1]!), 'data: URL').to.equal(false);
    expect(hasLink(rows[2]!), 'relative URL').to.equal(false);
    expect(rows[3]!.querySelector('a')!.getAttribute('href')).to.equal('https://crm.example/deal/904');
    expect(rows[4]!.querySelector('a')!.getAttribute('href')).to.equal('http://crm.example/deal/905');
    expect(rows[4]!.querySelector('b') === null).to.equal(true);
    expect(text(rows[4]!.children[1])).to.equal('<b>Stage</b>');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    // No inline style attribute anywhere (strict CSP).
    expect(el.shadowRoot!.querySelector('[style]') === null, 'no style attribute').to.equal(true);
    // The footer was computed locally from the same records (no aggregate push-down here).
    expect(footerText(el)).to.match(/^5 deals · total /);
  });

  it('says which currencies have no rate', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    const noRates = { base: 'USD', rates: {} };
    el.rates = noRates;
    el.currency = 'USD';
    await openAndLoad(el);
    const v = (await evaluateMetrics(adapter, { ...ctxFor('all-time'), currency: 'USD', rates: noRates }, ['won-value']))['won-value'];
    expect(v.money!.missing.length).to.be.greaterThan(0);
    expect(text($(el, '.summary .missing'))).to.equal(msg('en', 'missingRate', { currencies: v.money!.missing.join(', ') }));
    expect(footerText(el)).to.include(formatAmount(v.money!.total, 'en'));
  });

  describe('states', () => {
    /** Delegates to the demo adapter; records() rejects once with an AdapterError. */
    function failingOnce(): CrmAdapter & { failures: number } {
      const a = {
        label: 'flaky', failures: 0, maxPageSize: adapter.maxPageSize,
        getClient: (r: Parameters<CrmAdapter['getClient']>[0], s?: AbortSignal) => adapter.getClient(r, s),
        aggregate: (q: Parameters<NonNullable<CrmAdapter['aggregate']>>[0], s?: AbortSignal) => adapter.aggregate(q, s),
        records: async <K extends RecordKind>(q: RecordQuery<K>, s?: AbortSignal): Promise<RecordPage<K>> => {
          if (a.failures === 0) {
            a.failures++;
            throw new AdapterError('network', 'The CRM did not answer (network error).');
          }
          return adapter.records(q, s);
        },
      };
      return a;
    }

    it('shows the error with a Retry button that recovers', async () => {
      const { kind, filter } = await wonFilter('all-time');
      const flaky = failingOnce();
      const el = await panel({ source: flaky, kind, filter });
      await openAndLoad(el);
      const alert = $(el, '.body [role="alert"]')!;
      expect(text(alert)).to.include('The CRM did not answer (network error).');
      expect(text(alert)).to.include('Could not load the data');
      await expect(el).to.be.accessible();
      $<HTMLButtonElement>(el, '.body button.retry')!.click();
      await settled(el);
      expect($(el, '.body [role="alert"]') === null, 'the error is gone').to.equal(true);
      expect($$(el, 'tbody tr').length).to.be.greaterThan(0);
      expect(flaky.failures).to.equal(1);
    });

    it('is accessible while loading (aria-busy and a status text)', async () => {
      const { kind, filter } = await wonFilter('all-time');
      const slow = new DemoAdapter({ seed: 1 }, { delayMs: 400 });
      const el = await panel({ source: slow, kind, filter });
      await el.show();
      expect(dialogOf(el).getAttribute('aria-busy')).to.equal('true');
      expect(text($(el, '.body [role="status"]'))).to.equal('Loading…');
      await expect(el).to.be.accessible();
      await settled(el);
    });

    it('is accessible when loaded', async () => {
      const { kind, filter } = await wonFilter('all-time');
      const el = await panel({ kind, filter });
      await openAndLoad(el);
      await expect(el).to.be.accessible();
    });

    it('shows the empty state, accessibly', async () => {
      const { kind, filter } = await wonFilter('range:2001-01-01/2001-01-31');
      const el = await panel({ kind, filter });
      await openAndLoad(el);
      expect(text($(el, '.body .empty'))).to.equal(msg('en', 'empty.records'));
      expect($(el, 'table') === null, 'no table').to.equal(true);
      expect(footerText(el)).to.equal(msg('en', 'detail.footer', { records: msg('en', 'kind.deal', { count: 0 }), total: '€0.00' }));
      await expect(el).to.be.accessible();
    });

    it('is accessible in the dark theme', async () => {
      const { kind, filter } = await wonFilter('all-time');
      const el = await panel({ kind, filter, theme: 'dark' });
      await openAndLoad(el);
      expect(getComputedStyle(dialogOf(el)).colorScheme).to.equal('dark');
      await expect(el).to.be.accessible();
    });
  });

  describe('layout', () => {
    it('sits on the inline-end edge, full height: right in LTR, left in RTL', async () => {
      await emulateMedia({ reducedMotion: 'reduce' });
      const { kind, filter } = await wonFilter('all-time');
      for (const dir of ['ltr', 'rtl'] as const) {
        const wrap = await fixture<HTMLDivElement>(html`<div dir=${dir}><crm-detail-panel .adapter=${adapter} kind=${kind}
          .filter=${filter} locale="en" time-zone="UTC"></crm-detail-panel></div>`);
        const el = wrap.querySelector('crm-detail-panel')!;
        await openAndLoad(el);
        await nextFrame();
        const box = dialogOf(el).getBoundingClientRect();
        expect(Math.round(box.height)).to.equal(window.innerHeight);
        expect(Math.round(box.width)).to.equal(Math.min(window.innerWidth, 56 * 16));
        if (dir === 'ltr') expect(Math.round(box.right)).to.equal(document.documentElement.clientWidth);
        else expect(Math.round(box.left)).to.equal(0);
        expect(getComputedStyle(dialogOf(el)).animationName).to.equal('none');
        el.close();
      }
    });
  });

  it('formats in French', async () => {
    const { kind, filter } = await wonFilter('all-time');
    const el = await panel({ kind, filter });
    el.locale = 'fr';
    await openAndLoad(el);
    const v = (await evaluateMetrics(adapter, ctxFor('all-time'), ['won-value']))['won-value'];
    expect(footerText(el)).to.equal(msg('fr', 'detail.footer', {
      records: msg('fr', 'kind.deal', { count: v.counts.won! }), total: formatAmount(v.money!.total, 'fr'),
    }));
    expect($$(el, 'thead th').map((th) => text(th))[0]).to.equal('Titre');
  });
});
