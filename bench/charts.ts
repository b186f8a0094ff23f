/**
 * Charts of `<crm-profile>` (default layout, bench/pages/first-paint.ts?mode=profile): the time from
 * the numbers painted to the charts painted — every chart canvas in view (charts are drawn only once
 * their canvas comes into view) holding its chart.js chart and a
 * frame drawn with it — and to the end of their animations (300 ms unless reduced motion); beside
 * the size of what the first chart fetches: the chart.js chunk of the CDN bundle, built in memory
 * from the current sources with the CDN options, as `npm run size` measures it. Medians of RUNS
 * fresh tabs (one warm-up discarded); writes bench/results/charts.json.
 *
 *   node --import tsx bench/charts.ts [runs]   (or: npm run bench -- charts)
 */
import { chartChunkBytes, kb, machine, median, ms, printMachine, printTable, run, session, writeResult } from './browser.js';
import type { FirstPaintFigures } from './pages/first-paint.js';

const RUNS = Math.max(5, Number(process.argv[2] ?? 7));

run(async () => {
  const bytes = await chartChunkBytes();
  await session({ pages: ['first-paint'], timeoutMs: 10 * 60_000 }, async (s) => {
    const runs: FirstPaintFigures[] = [];
    for (let i = -1; i < RUNS; i++) {
      const page = await s.open('first-paint', { mode: 'profile' });
      const f = await s.figures<FirstPaintFigures>(page);
      await page.close();
      if (i >= 0) runs.push(f);
    }
    const numbers = median(runs.map((f) => f.paintedMs));
    const charts = median(runs.map((f) => f.chartsMs!));
    const drawn = median(runs.map((f) => f.chartsDrawnMs!));
    console.log(`Charts of a profile (contact 1, default layout: ${runs[0]!.charts} charts in the 1280 × 900 viewport); median of ${RUNS} runs, each in a fresh tab.`);
    printMachine(s.chromium);
    printTable(['figure', 'median'], [
      ['mount → numbers painted', `${ms(numbers)} ms`],
      ['numbers painted → every chart created and painted', `${ms(charts)} ms`],
      ['numbers painted → chart animations ended', `${ms(drawn)} ms`],
      ['charts after numbers / numbers', `${(charts / numbers).toFixed(2)}×`],
      ['chart chunk, minified', kb(bytes.raw)],
      ['chart chunk, gzip -9', kb(bytes.gzip)],
    ]);
    console.log(`Chart chunk files: ${bytes.files.join(', ')}`);
    console.log(`Runs (numbers → charts painted, ms): ${runs.map((f) => ms(f.chartsMs!)).join(', ')}`);
    writeResult('charts', {
      ...machine(s.chromium), runs: RUNS, charts: runs[0]!.charts,
      median: { numbersPaintedMs: numbers, chartsAfterNumbersMs: charts, animationsEndedAfterNumbersMs: drawn },
      chunk: bytes, all: runs.map(({ paintedMs, chartsMs, chartsDrawnMs }) => ({ paintedMs, chartsMs, chartsDrawnMs })),
    });
  });
});
