/**
 * Drill-down of 100 000 records (bench/pages/drill-down.ts): a system widget over all time for a
 * client with 100 000 activities; its "Activities" number (100 000) is clicked. Measures the time
 * to the first rows of `<crm-detail-panel>` painted, the rows in the DOM (the panel pages: 20, or
 * 100 at most), and frame times while scrolling 10 000 px inside the panel at 50 px a frame — a
 * page of 100 rows scrolls only a few thousand px, so the scroll goes down one page, clicks Next,
 * goes down the next… (page turns included in the frames) — beside a baseline that puts the same
 * first page, read from the core and the adapter directly, in a plain `<table>`. Medians of RUNS
 * fresh tabs per page, alternating (one warm-up discarded); writes bench/results/drill-down.json.
 *
 *   node --import tsx bench/drill-down.ts [runs] [rows]   (or: npm run bench -- drill-down)
 */
import { machine, median, ms, percentile, printMachine, printTable, run, session, writeResult } from './browser.js';
import type { DrillDownFigures } from './pages/drill-down.js';

const RUNS = Math.max(5, Number(process.argv[2] ?? 5));
const ROWS = Number(process.argv[3] ?? 100_000);
const SCROLL = 10_000;
const STEP = 50;

run(async () => {
  await session({ pages: ['drill-down'], timeoutMs: 20 * 60_000 }, async (s) => {
    const runs: Record<'panel' | 'baseline', DrillDownFigures[]> = { panel: [], baseline: [] };
    for (let i = -1; i < RUNS; i++) {
      for (const mode of i % 2 ? (['panel', 'baseline'] as const) : (['baseline', 'panel'] as const)) {
        const page = await s.open('drill-down', { mode, rows: ROWS, scroll: SCROLL, step: STEP });
        const f = await s.figures<DrillDownFigures>(page, 240_000);
        await page.close();
        if (i >= 0) runs[mode].push(f);
      }
    }
    const p = runs.panel;
    const b = runs.baseline;
    const first = median(p.map((f) => f.firstRowsMs));
    const base = median(b.map((f) => f.firstRowsMs));
    const p95s = p.map((f) => percentile(f.scroll!.frames, 95));
    const p50s = p.map((f) => percentile(f.scroll!.frames, 50));
    const maxFrame = Math.max(...p.map((f) => Math.max(...f.scroll!.frames)));
    const turns = p.flatMap((f) => f.scroll!.pageTurnsMs);
    const sc = p[0]!.scroll!;
    console.log(`Drill-down: contact 1 with ${ROWS.toLocaleString('en')} activities (all time), the system widget's "Activities" = ${p[0]!.number}; median of ${RUNS} runs, fresh tabs.`);
    console.log(`Panel: ${p[0]!.pageOf}, footer "${p[0]!.footer}". Data generated in the page in ${ms(median(p.map((f) => f.generateMs)))} ms (before the clock).`);
    printMachine(s.chromium);
    printTable(['figure', 'panel', 'baseline (plain <table>)', 'ratio'], [
      ['click → first rows painted', `${ms(first)} ms`, `${ms(base)} ms`, `${(first / base).toFixed(2)}×`],
      ['rows in the DOM, first page', median(p.map((f) => f.domRows)), median(b.map((f) => f.domRows)), ''],
      ['page size 100 → its rows painted', `${ms(median(p.map((f) => f.pageSize100Ms!)))} ms`, '', ''],
      ['rows in the DOM, most while scrolling', Math.max(...p.map((f) => f.scroll!.maxRows)), '', ''],
      [`scrolled (${STEP} px a frame)`, `${sc.px} px over ${sc.pages} pages of 100 rows (${sc.pxPerPage} px each)`, '', ''],
      ['frame time while scrolling, p50', `${ms(median(p50s))} ms`, '', ''],
      ['frame time while scrolling, p95', `${ms(median(p95s))} ms`, '', ''],
      ['longest frame (all runs)', `${ms(maxFrame)} ms`, '', ''],
      ['Next → next page painted (all turns)', `${ms(median(turns))} ms`, '', ''],
    ]);
    console.log(`Runs (click → first rows, ms): panel ${p.map((f) => ms(f.firstRowsMs)).join(', ')}; baseline ${b.map((f) => ms(f.firstRowsMs)).join(', ')}; frame p95 per run: ${p95s.map(ms).join(', ')}`);
    const maxRows = Math.max(...p.map((f) => Math.max(f.domRows, f.domRowsAt100!, f.scroll!.maxRows)));
    console.log(`Rows in the DOM ≤ 100: ${maxRows <= 100 ? 'met' : 'NOT met'} (${maxRows} at most).`);
    writeResult('drill-down', {
      ...machine(s.chromium), runs: RUNS, rows: ROWS, scrollPx: SCROLL, stepPx: STEP,
      median: {
        firstRowsMs: first, baselineFirstRowsMs: base, ratio: +(first / base).toFixed(3),
        pageSize100Ms: median(p.map((f) => f.pageSize100Ms!)), frameP50Ms: median(p50s), frameP95Ms: median(p95s), pageTurnMs: median(turns),
      },
      maxFrameMs: maxFrame, maxDomRows: maxRows,
      all: { panel: p.map(({ scroll, ...f }) => ({ ...f, scroll: { ...scroll!, frames: scroll!.frames.length, p95: percentile(scroll!.frames, 95) } })), baseline: b },
    });
  });
});
