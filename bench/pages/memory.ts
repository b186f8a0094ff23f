/**
 * Mount / unmount cycles of a full profile with charts (bench/memory.ts). One demo adapter (seed 1)
 * for the whole page; `window.benchCycles(n)` runs n cycles: a `<crm-profile>` (contact 1, default
 * layout) is appended, waited for until every number is loaded and every chart is created and drawn
 * once, then removed. The runner collects garbage and reads the heap between batches of cycles.
 */
import '../../src/elements/profile/define.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import { defaultLayout } from '../../src/widgets/layout.js';
import { canvasesOf, chartCount, chartJs, done, frame, loaded, painted, until, widgetsOf } from './common.js';

export interface Live {
  /** Charts alive by the chart controller's count, and by chart.js's own registry. */
  readonly liveCharts: number;
  readonly chartInstances: number;
  /** `<crm-profile>`s in the document. */
  readonly profiles: number;
}

declare global {
  interface Window {
    /** Runs n cycles; the duration of each, in ms. */
    benchCycles?: (n: number) => Promise<number[]>;
    benchLive?: () => Promise<Live>;
    gc?: () => void;
  }
}

const adapter = new DemoAdapter({ seed: 1 });
const host = document.createElement('main');
document.body.append(host);
const widgets = defaultLayout().items.length;
let charts = 0;

async function cycle(): Promise<number> {
  const t0 = performance.now();
  const before = chartCount();
  const el = document.createElement('crm-profile') as CrmProfile;
  el.setAttribute('entity-type', 'contact');
  el.setAttribute('entity-id', '1');
  el.adapter = adapter;
  const ready = loaded(el, widgets, true);
  host.append(el);
  await ready;
  const canvases = canvasesOf(widgetsOf(el));
  charts = canvases.length;
  await until(() => chartCount() - before >= canvases.length, 'the charts');
  await frame(); // drawn once
  el.remove();
  await frame();
  return performance.now() - t0;
}

window.benchCycles = async (n) => {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await cycle());
  return times;
};

window.benchLive = async () => {
  const { instances } = await chartJs();
  window.gc?.();
  return { liveCharts: chartCount(), chartInstances: instances(), profiles: document.querySelectorAll('crm-profile').length };
};

done(async () => {
  localStorage.clear();
  await painted();
  await cycle(); // the chart chunk and the probe loaded before any measurement
  await chartJs();
  return { widgets, charts };
});
