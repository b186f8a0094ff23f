/**
 * A CMS listing (bench/pages/cms-listing.ts): 100 standalone `<crm-widget>`s for 20 clients (5
 * each) sharing one adapter object. Measures the time until every number is painted (and the
 * charts in view: the others are drawn as they are scrolled to) and counts the calls that reach the adapter, beside the naive expectation (each widget
 * alone, nothing shared), the floor (identical requests made once) and a baseline page with the
 * same numbers as plain `<div>`s from the same core. Also the same listing with the host wrapping
 * the adapter in the suite's CachedAdapter. Medians of RUNS fresh tabs per page (one warm-up
 * discarded); writes bench/results/cms-listing.json.
 *
 *   node --import tsx bench/cms-listing.ts [runs]   (or: npm run bench -- cms-listing)
 */
import { machine, median, ms, printMachine, printTable, run, session, writeResult } from './browser.js';
import type { CmsFigures } from './pages/cms-listing.js';

const RUNS = Math.max(5, Number(process.argv[2] ?? 5));
const MODES = ['widgets', 'cached', 'baseline'] as const;

/** What the source is asked: every call, an aggregate batch counting as its queries. */
const requests = (f: CmsFigures): number => f.total! - (f.calls!.aggregate ?? 0) + f.queries!;

run(async () => {
  await session({ pages: ['cms-listing'], timeoutMs: 20 * 60_000 }, async (s) => {
    const runs: Record<(typeof MODES)[number], CmsFigures[]> = { widgets: [], cached: [], baseline: [] };
    for (let i = -1; i < RUNS; i++) {
      const order = i % 2 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        const page = await s.open('cms-listing', { mode });
        const f = await s.figures<CmsFigures>(page, 180_000);
        await page.close();
        if (i >= 0) runs[mode].push(f);
      }
    }
    const alonePage = await s.open('cms-listing', { mode: 'alone' });
    const alone = await s.figures<CmsFigures>(alonePage, 300_000);
    await alonePage.close();

    const w = runs.widgets[0]!;
    const c = runs.cached[0]!;
    const mismatch = [runs.widgets, runs.cached].some((r) => JSON.stringify(r[0]!.shown) !== JSON.stringify(runs.baseline[0]!.shown));
    if (mismatch) {
      console.error(`The widgets and the baseline show different numbers:\n${w.shown!.join('\n')}\n≠\n${runs.baseline[0]!.shown!.join('\n')}`);
      process.exitCode = 1;
    }
    const painted = (m: (typeof MODES)[number]) => median(runs[m].map((f) => f.paintedMs!));
    const charts = (m: (typeof MODES)[number]) => median(runs[m].map((f) => f.chartsMs!));
    const calls = (f: CmsFigures) => Object.entries(f.calls!).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`CMS listing: ${w.widgets} standalone <crm-widget>s, ${w.clients} clients × 5 types (system, load-by-channel, deal-conversion, invoice-conversion, sales-amount), one adapter object; median of ${RUNS} runs, fresh tabs.`);
    printMachine(s.chromium);
    printTable(['page', 'mount → numbers painted', `mount → the ${w.charts} charts in view painted`, 'adapter calls', 'aggregate queries', 'requests', 'distinct requests'], [
      ['100 <crm-widget>s, adapter property', `${ms(painted('widgets'))} ms`, `${ms(charts('widgets'))} ms`, w.total!, w.queries!, requests(w), w.distinct!],
      ['same, host wraps it in CachedAdapter', `${ms(painted('cached'))} ms`, `${ms(charts('cached'))} ms`, c.total!, c.queries!, requests(c), c.distinct!],
      ['baseline: same numbers as plain <div>s', `${ms(painted('baseline'))} ms`, '', '', '', '', ''],
      ['naive: each widget alone (sum)', '', '', alone.total!, alone.queries!, requests(alone), ''],
    ]);
    console.log(`Ratio widgets / baseline (numbers painted): ${(painted('widgets') / painted('baseline')).toFixed(2)}×; with CachedAdapter ${(painted('cached') / painted('baseline')).toFixed(2)}×.`);
    console.log(`Calls: adapter property ${calls(w)}; CachedAdapter ${calls(c)}; naive ${calls(alone)}.`);
    console.log(`Requests vs naive: ${requests(w)} / ${requests(alone)} = ${(requests(w) / requests(alone)).toFixed(2)} (adapter property), ${requests(c)} / ${requests(alone)} = ${(requests(c) / requests(alone)).toFixed(2)} (CachedAdapter); ${w.distinct} distinct.`);
    const shared = requests(w) <= w.distinct!;
    console.log(`Requests for the same client shared (no request repeated): ${shared ? 'met' : `NOT met with the adapter property (${requests(w) - w.distinct!} repeated)`}; with CachedAdapter: ${requests(c) <= c.distinct! ? 'met' : `NOT met (${requests(c) - c.distinct!} repeated)`}. Same numbers as the baseline: ${mismatch ? 'NO' : 'yes'}.`);
    writeResult('cms-listing', {
      ...machine(s.chromium), runs: RUNS, widgets: w.widgets, clients: w.clients, charts: w.charts,
      median: { widgetsPaintedMs: painted('widgets'), widgetsChartsMs: charts('widgets'), cachedPaintedMs: painted('cached'), cachedChartsMs: charts('cached'), baselinePaintedMs: painted('baseline') },
      calls: {
        widgets: { calls: w.calls, total: w.total, queries: w.queries, requests: requests(w), distinct: w.distinct },
        cached: { calls: c.calls, total: c.total, queries: c.queries, requests: requests(c), distinct: c.distinct },
        naive: { calls: alone.calls, total: alone.total, queries: alone.queries, requests: requests(alone) },
      },
      sameNumbers: !mismatch,
      all: Object.fromEntries(MODES.map((m) => [m, runs[m].map(({ paintedMs, chartsMs, total }) => ({ paintedMs, chartsMs, total }))])),
    });
  });
});
