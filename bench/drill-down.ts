/**
 * Drill-down of 100 000 records (bench/pages/drill-down.ts): a system widget over all time for a
 * client with 100 000 activities; its "Activities" number (100 000) is clicked. Measures the time
 * to the first rows of `<crm-detail-panel>` painted, the rows in the DOM (the panel pages: 20, or
 * 100 at most), and the frames while scrolling 10 000 px inside the panel at 50 px a frame — a
 * page of 100 rows scrolls only a few thousand px, so the scroll goes down one page, clicks Next,
 * goes down the next… Each scrolling frame gives its interval (rAF to rAF: 16.7 ms at 60 Hz unless
 * it is late) and its work (its rAF callback, which scrolls, until a task posted then runs, after the
 * frame's style, layout and paint: what the ≤ 16 ms budget is about); page turns are timed apart.
 * Beside it, a baseline does the same with a plain `<table>` of the same records in a box of the
 * same height. Medians of RUNS fresh tabs per page, alternating (one warm-up discarded); writes
 * bench/results/drill-down.json.
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
    const stat = (runs: DrillDownFigures[], k: 'work' | 'intervals', q: number) => median(runs.map((f) => percentile(f.scroll![k], q)));
    const maxFrame = Math.max(...p.map((f) => Math.max(...f.scroll!.intervals)));
    const turns = p.flatMap((f) => f.scroll!.pageTurnsMs);
    const baseTurns = b.flatMap((f) => f.scroll!.pageTurnsMs);
    const sc = p[0]!.scroll!;
    const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
    console.log(`Drill-down: contact 1 with ${ROWS.toLocaleString('en')} activities (all time), the system widget's "Activities" = ${p[0]!.number}; median of ${RUNS} runs, fresh tabs.`);
    console.log(`Panel: ${p[0]!.pageOf}, footer "${p[0]!.footer}". Data generated in the page in ${ms(median(p.map((f) => f.generateMs)))} ms (before the clock).`);
    printMachine(s.chromium);
    const row = (name: string, k: 'work' | 'intervals', q: number): (string | number)[] =>
      [name, `${ms(stat(p, k, q))} ms`, `${ms(stat(b, k, q))} ms`, ratio(stat(p, k, q), stat(b, k, q))];
    printTable(['figure', 'panel', 'baseline (plain <table>)', 'ratio'], [
      ['click → first rows painted', `${ms(first)} ms`, `${ms(base)} ms`, ratio(first, base)],
      ['rows in the DOM, first page', median(p.map((f) => f.domRows)), median(b.map((f) => f.domRows)), ''],
      ['page size 100 → its rows painted', `${ms(median(p.map((f) => f.pageSize100Ms!)))} ms`, '', ''],
      ['rows in the DOM, most while scrolling', Math.max(...p.map((f) => f.scroll!.maxRows)), Math.max(...b.map((f) => f.scroll!.maxRows)), ''],
      [`scrolled (${STEP} px a frame)`, `${sc.px} px, ${sc.pages} pages of 100 rows (${sc.pxPerPage} px each, box ${sc.boxHeight} px)`,
        `${b[0]!.scroll!.px} px, ${b[0]!.scroll!.pages} pages (box ${b[0]!.scroll!.boxHeight} px)`, ''],
      row('frame work while scrolling, p50', 'work', 50),
      row('frame work while scrolling, p95 (target ≤ 16 ms)', 'work', 95),
      row('frame interval while scrolling, p50', 'intervals', 50),
      row('frame interval while scrolling, p95', 'intervals', 95),
      ['longest scrolling frame interval (all runs)', `${ms(maxFrame)} ms`, `${ms(Math.max(...b.map((f) => Math.max(...f.scroll!.intervals))))} ms`, ''],
      ['Next → next page painted (all turns)', `${ms(median(turns))} ms`, `${ms(median(baseTurns))} ms`, ratio(median(turns), median(baseTurns))],
    ]);
    const workP95 = stat(p, 'work', 95);
    console.log(`Runs (click → first rows, ms): panel ${p.map((f) => ms(f.firstRowsMs)).join(', ')}; baseline ${b.map((f) => ms(f.firstRowsMs)).join(', ')}; frame work p95 per run: ${p.map((f) => ms(percentile(f.scroll!.work, 95))).join(', ')}`);
    console.log(`Frame work while scrolling p95 ≤ 16 ms: ${workP95 <= 16 ? 'met' : 'NOT met'} (${ms(workP95)} ms).`);
    const maxRows = Math.max(...p.map((f) => Math.max(f.domRows, f.domRowsAt100!, f.scroll!.maxRows)));
    console.log(`Rows in the DOM ≤ 100: ${maxRows <= 100 ? 'met' : 'NOT met'} (${maxRows} at most).`);
    writeResult('drill-down', {
      ...machine(s.chromium), runs: RUNS, rows: ROWS, scrollPx: SCROLL, stepPx: STEP,
      median: {
        firstRowsMs: first, baselineFirstRowsMs: base, ratio: +(first / base).toFixed(3),
        pageSize100Ms: median(p.map((f) => f.pageSize100Ms!)),
        frameWorkP50Ms: stat(p, 'work', 50), frameWorkP95Ms: workP95, baselineFrameWorkP95Ms: stat(b, 'work', 95),
        frameIntervalP50Ms: stat(p, 'intervals', 50), frameIntervalP95Ms: stat(p, 'intervals', 95), baselineFrameIntervalP95Ms: stat(b, 'intervals', 95),
        pageTurnMs: median(turns), baselinePageTurnMs: median(baseTurns),
      },
      maxFrameMs: maxFrame, maxDomRows: maxRows,
      all: Object.fromEntries((['panel', 'baseline'] as const).map((m) => [m, runs[m].map(({ scroll, ...f }) => ({
        ...f, scroll: { ...scroll!, intervals: scroll!.intervals.length, work: scroll!.work.length, workP95: percentile(scroll!.work, 95), intervalP95: percentile(scroll!.intervals, 95) },
      }))])),
    });
  });
});
