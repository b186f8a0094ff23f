import '../src/elements/profile/define.js';
import type { CrmProfile } from '../src/elements/profile/profile.js';
import { RestAdapter } from '../src/adapters/rest/rest-adapter.js';

// The contract server answers on this dev server (vite.config.ts mounts server/rest/ at /api).
// A counting `fetch` shows what one profile costs in requests.
const output = document.getElementById('requests')!;
const log = document.getElementById('log')!;
let count = 0;

const countingFetch: typeof fetch = async (input, init) => {
  const started = performance.now();
  const res = await fetch(input, init);
  count++;
  output.textContent = `HTTP requests so far: ${count}`;
  const item = document.createElement('li');
  const path = new URL(String(input)).pathname;
  item.textContent = `${init?.method ?? 'GET'} ${path} → ${res.status} (${Math.round(performance.now() - started)} ms)`;
  log.append(item);
  return res;
};

const adapter = new RestAdapter({ baseUrl: `${location.origin}/api`, layouts: true, fetch: countingFetch });
// The demo data is "as of" a fixed instant, which GET /reference reports: read it first, so that
// the periods resolve against it as on the other demo pages.
await adapter.referenceData().catch(() => undefined);
(document.getElementById('rest') as CrmProfile).adapter = adapter;

document.getElementById('refresh-log')!.addEventListener('click', () => {
  count = 0;
  log.replaceChildren();
  output.textContent = 'HTTP requests so far: 0';
});
