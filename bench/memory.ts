/**
 * Memory of 500 mount / unmount cycles of a full profile with charts (bench/pages/memory.ts):
 * Chromium with `--js-flags=--expose-gc`; after WARMUP cycles the heap is collected
 * (CDP HeapProfiler.collectGarbage, several times) and read (Runtime.getHeapUsage), then again after
 * each batch of 100 cycles. Prints the retained JS heap growth over the 500 cycles (target ≤ 1 MB),
 * the growth of each batch (median of the 5), the DOM counters, and the charts still alive at the
 * end (target 0: the controller's count and chart.js's `Chart.instances`). Writes
 * bench/results/memory.json.
 *
 *   node --import tsx bench/memory.ts [cycles]   (or: npm run bench -- memory)
 */
import type { CDPSession } from 'puppeteer-core';
import { machine, median, ms, printMachine, printTable, run, session, writeResult } from './browser.js';
import type { Live } from './pages/memory.js';

const CYCLES = Number(process.argv[2] ?? 500);
const BATCH = 100;
const WARMUP = 20;
const TARGET_BYTES = 1_000_000;

async function collected(cdp: CDPSession): Promise<{ heap: number; nodes: number; listeners: number; documents: number }> {
  for (let i = 0; i < 4; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { heap: usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents };
}

const mb = (n: number) => `${n >= 0 ? '+' : '−'}${(Math.abs(n) / 1e6).toFixed(3)} MB`;

run(async () => {
  await session({ pages: ['memory'], args: ['--js-flags=--expose-gc'], timeoutMs: 40 * 60_000 }, async (s) => {
    const page = await s.open('memory');
    const setup = await s.figures<{ widgets: number; charts: number }>(page);
    const cdp = await s.cdp(page);
    const cycles = (n: number) => page.evaluate((k) => window.benchCycles!(k), n);
    await cycles(WARMUP - 1);
    const start = await collected(cdp);
    const points = [{ cycles: 0, ...start }];
    const times: number[] = [];
    for (let done = 0; done < CYCLES; done += BATCH) {
      const n = Math.min(BATCH, CYCLES - done);
      times.push(...(await cycles(n)));
      points.push({ cycles: done + n, ...(await collected(cdp)) });
      process.stdout.write(`  ${done + n} cycles, heap ${(points.at(-1)!.heap / 1e6).toFixed(2)} MB\n`);
    }
    const live = await page.evaluate(() => window.benchLive!());
    await page.close();
    const end = points.at(-1)!;
    const growth = end.heap - start.heap;
    const perBatch = points.slice(1).map((p, i) => p.heap - points[i]!.heap);
    console.log(`Memory: ${CYCLES} mount/unmount cycles of <crm-profile> (contact 1, default layout: ${setup.widgets} widgets, ${setup.charts} charts; each cycle waits for every number and every chart), after ${WARMUP} warm-up cycles; heap read after forced GC.`);
    printMachine(s.chromium);
    printTable(['after cycles', 'JS heap used', 'growth since start', 'DOM nodes', 'JS event listeners'],
      points.map((p) => [p.cycles, `${(p.heap / 1e6).toFixed(3)} MB`, p.cycles ? mb(p.heap - start.heap) : '', p.nodes, p.listeners]));
    printTable(['figure', 'value'], [
      [`retained JS heap growth over ${CYCLES} cycles`, mb(growth)],
      [`growth per batch of ${BATCH} cycles, median of ${perBatch.length}`, mb(median(perBatch))],
      ['charts alive at the end (controller count / Chart.instances)', `${live.liveCharts} / ${live.chartInstances}`],
      ['cycle time, median', `${ms(median(times))} ms`],
    ]);
    console.log(`Targets: heap growth ≤ 1 MB: ${growth <= TARGET_BYTES ? 'met' : 'NOT met'} (${mb(growth)}); live charts 0: ${live.liveCharts === 0 && live.chartInstances === 0 ? 'met' : 'NOT met'} (${live.liveCharts} / ${live.chartInstances}).`);
    writeResult('memory', {
      ...machine(s.chromium), cycles: CYCLES, warmup: WARMUP, batch: BATCH, targetBytes: TARGET_BYTES,
      growthBytes: growth, perBatchBytes: perBatch, live: live satisfies Live, cycleMedianMs: median(times), points,
    });
  });
});
