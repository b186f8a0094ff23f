/**
 * First paint of `<crm-profile>` (default layout: client header + 9 widgets) on a demo adapter that
 * is already created, until every number is painted, beside a baseline page that shows the same
 * numbers as plain `<div>`s, computed by the same core (bench/pages/first-paint.ts). Each run loads
 * both pages in fresh tabs, alternating which goes first; one warm-up run is discarded. Prints the
 * medians and their ratio (target ≤ 3×), checks both pages show the same numbers, and writes
 * bench/results/first-paint.json. A third page, the same profile `editable` and with `sync-url`,
 * shows what their two chunks (edit mode, deep links) cost a first paint (information, no target).
 *
 *   node --import tsx bench/first-paint.ts [runs]   (or: npm run bench -- first-paint)
 */
import { median, ms, printMachine, printTable, run, session, machine, writeResult } from './browser.js';
import type { FirstPaintFigures } from './pages/first-paint.js';

const RUNS = Math.max(5, Number(process.argv[2] ?? 9));
const TARGET = 3;

/** Both pages' numbers, in order, must be the same (the profile's widgets render them from the same views). */
function sameNumbers(a: FirstPaintFigures, b: FirstPaintFigures): string | undefined {
  if (a.shown.header !== b.shown.header) return `header: ${a.shown.header} ≠ ${b.shown.header}`;
  for (let i = 0; i < Math.max(a.shown.widgets.length, b.shown.widgets.length); i++) {
    const x = JSON.stringify(a.shown.widgets[i]);
    const y = JSON.stringify(b.shown.widgets[i]);
    if (x !== y) return `widget ${i + 1}: ${x} ≠ ${y}`;
  }
  return undefined;
}

run(async () => {
  await session({ pages: ['first-paint'], timeoutMs: 10 * 60_000 }, async (s) => {
    const runs: Record<'profile' | 'baseline' | 'full', FirstPaintFigures[]> = { profile: [], baseline: [], full: [] };
    const query = { profile: { mode: 'profile' }, baseline: { mode: 'baseline' }, full: { mode: 'profile', attrs: 'editable,sync-url' } };
    for (let i = -1; i < RUNS; i++) {
      for (const mode of i % 2 ? (['profile', 'baseline', 'full'] as const) : (['baseline', 'full', 'profile'] as const)) {
        const page = await s.open('first-paint', query[mode]);
        const f = await s.figures<FirstPaintFigures>(page);
        await page.close();
        if (i >= 0) runs[mode].push(f);
      }
    }
    const disagree = sameNumbers(runs.profile[0]!, runs.baseline[0]!) ?? sameNumbers(runs.full[0]!, runs.baseline[0]!);
    if (disagree) {
      console.error(`The profile and the baseline show different numbers: ${disagree}`);
      process.exitCode = 1;
    }
    const m = (mode: 'profile' | 'baseline' | 'full', k: 'paintedMs' | 'fromNavigationMs' | 'loadedMs') => median(runs[mode].map((f) => f[k]));
    const ratio = m('profile', 'paintedMs') / m('baseline', 'paintedMs');
    const p = runs.profile[0]!;
    console.log(`First paint: contact 1 of the demo data (seed 1), last 30 days, ${p.widgets} widgets + header; median of ${RUNS} runs, each in a fresh tab.`);
    printMachine(s.chromium);
    printTable(['page', 'mount → last crm-load (ms)', 'mount → numbers painted (ms)', 'navigation start → numbers painted (ms)'], [
      [`<crm-profile>, default layout`, ms(m('profile', 'loadedMs')), ms(m('profile', 'paintedMs')), ms(m('profile', 'fromNavigationMs'))],
      ['baseline: same numbers as plain <div>s', ms(m('baseline', 'loadedMs')), ms(m('baseline', 'paintedMs')), ms(m('baseline', 'fromNavigationMs'))],
      ['ratio profile / baseline', `${(m('profile', 'loadedMs') / m('baseline', 'loadedMs')).toFixed(2)}×`, `${ratio.toFixed(2)}×`,
        `${(m('profile', 'fromNavigationMs') / m('baseline', 'fromNavigationMs')).toFixed(2)}×`],
      ['<crm-profile editable sync-url> (information)', ms(m('full', 'loadedMs')), ms(m('full', 'paintedMs')), ms(m('full', 'fromNavigationMs'))],
      ['ratio editable sync-url / profile', `${(m('full', 'loadedMs') / m('profile', 'loadedMs')).toFixed(2)}×`,
        `${(m('full', 'paintedMs') / m('profile', 'paintedMs')).toFixed(2)}×`, `${(m('full', 'fromNavigationMs') / m('profile', 'fromNavigationMs')).toFixed(2)}×`],
    ]);
    console.log(`Target: mount → numbers painted ≤ ${TARGET}× the baseline: ${ratio <= TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×). Same numbers on both pages: ${disagree ? 'NO' : 'yes'}.`);
    console.log(`Runs (mount → painted, ms): profile ${runs.profile.map((f) => ms(f.paintedMs)).join(', ')}; baseline ${runs.baseline.map((f) => ms(f.paintedMs)).join(', ')}; editable sync-url ${runs.full.map((f) => ms(f.paintedMs)).join(', ')}`);
    writeResult('first-paint', {
      ...machine(s.chromium), runs: RUNS, target: TARGET, ratio: +ratio.toFixed(3), sameNumbers: !disagree,
      median: {
        profile: { loadedMs: m('profile', 'loadedMs'), paintedMs: m('profile', 'paintedMs'), fromNavigationMs: m('profile', 'fromNavigationMs') },
        baseline: { loadedMs: m('baseline', 'loadedMs'), paintedMs: m('baseline', 'paintedMs'), fromNavigationMs: m('baseline', 'fromNavigationMs') },
        editableSyncUrl: { loadedMs: m('full', 'loadedMs'), paintedMs: m('full', 'paintedMs'), fromNavigationMs: m('full', 'fromNavigationMs') },
      },
      all: runs,
    });
  });
});
