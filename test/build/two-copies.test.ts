/**
 * The npm build (dist/index.js) and the CDN bundle (cdn/crm-profile.js) on one page: the second copy
 * neither throws nor re-registers; the same version is silent, a different one is reported once per
 * tag (src/elements/base.ts checkExistingDefinition, its words in src/elements/two-copies.ts). Uses the built files: `npm run build` first
 * (CI builds before `npm test`).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';

type Suite = { VERSION: string; CrmProfile: CustomElementConstructor; CrmWidget: CustomElementConstructor };
/** Every tag of the suite (custom-elements.json). */
let TAGS: string[] = [];

async function built(path: string): Promise<string> {
  const res = await fetch(path, { cache: 'no-store' });
  const text = res.ok ? await res.text() : '';
  if (!res.ok || !/\bexport\s*\{/.test(text)) throw new Error(`${path} is missing: run \`npm run build\` before these tests.`);
  return text;
}

/**
 * The CDN bundle with another version number, as a second copy served from elsewhere would be: the
 * entry and the shared chunks it imports statically (the version string lives in one of them, with
 * the element base class) copied as blob modules, the version replaced in each; its lazy chunks
 * are imported from /cdn/chunks/.
 */
async function cdnAsVersion(version: string, actual: string): Promise<Suite> {
  const quoted = new RegExp(`(["'\`])${actual.replace(/\./g, '\\.')}\\1`, 'g');
  const blobs: string[] = [];
  const copies = new Map<string, Promise<string>>();
  let found = 0;
  const copy = (path: string): Promise<string> => {
    let url = copies.get(path);
    if (!url) {
      url = (async () => {
        const text = path === '/cdn/crm-profile.js' ? await built(path) : await (await fetch(path, { cache: 'no-store' })).text();
        found += text.match(quoted)?.length ?? 0;
        const base = new URL(path, location.origin);
        // Static imports (`from"./x.js"`, `import"./x.js"`) → the copies; dynamic ones → the originals.
        const statics = [...new Set([...text.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!))];
        const copied = new Map(await Promise.all(statics.map(async (s) => [s, await copy(new URL(s, base).pathname)] as const)));
        const patched = text.replace(quoted, JSON.stringify(version))
          .replace(/(\bfrom|\bimport)(\s*)(["'])(\.{1,2}\/[^"']+)\3/g, (_m, kw: string, sp: string, q: string, s: string) => `${kw}${sp}${q}${copied.get(s)!}${q}`)
          .replace(/\bimport\((\s*)(["'])(\.{1,2}\/[^"']+)\2/g, (_m, sp: string, q: string, s: string) => `import(${sp}${q}${new URL(s, base).href}${q}`);
        const blob = URL.createObjectURL(new Blob([patched], { type: 'text/javascript' }));
        blobs.push(blob);
        return blob;
      })();
      copies.set(path, url);
    }
    return url;
  };
  try {
    const entry = await copy('/cdn/crm-profile.js');
    expect(found, 'the version string in the CDN bundle').to.be.greaterThan(0);
    return (await import(/* @vite-ignore */ entry)) as Suite;
  } finally {
    for (const b of blobs) URL.revokeObjectURL(b);
  }
}

describe('the npm build and the CDN bundle on one page', () => {
  const warnings: string[] = [];
  const warn = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
  });
  after(() => {
    console.warn = warn;
  });

  let npm: Suite;
  before(async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: { tagName?: string }[] }[] };
    TAGS = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter((t): t is string => !!t);
    expect(TAGS).to.include.members(['crm-profile', 'crm-widget', 'crm-period-picker', 'crm-detail-panel', 'crm-widget-settings']);
  });

  it('both load without throwing; the first registers the tags; the same version says nothing', async () => {
    await built('/dist/index.js');
    for (const tag of TAGS) expect(customElements.get(tag), tag).to.equal(undefined);
    // Through variables: these are the built files, which TypeScript does not resolve.
    const [dist, bundle] = ['/dist/index.js', '/cdn/crm-profile.js'];
    npm = (await import(/* @vite-ignore */ dist)) as Suite;
    const cdn = (await import(/* @vite-ignore */ bundle)) as Suite;
    expect(cdn.VERSION).to.equal(npm.VERSION);
    expect(cdn.CrmProfile).not.to.equal(npm.CrmProfile);
    expect(customElements.get('crm-profile')).to.equal(npm.CrmProfile);
    expect(customElements.get('crm-widget')).to.equal(npm.CrmWidget);
    for (const tag of TAGS) expect(customElements.get(tag), tag).to.be.a('function');
    expect(warnings.filter((w) => w.includes('already defined'))).to.deep.equal([]);
  });

  it('a copy of another version is reported once, naming both versions, and registers nothing', async () => {
    const other = await cdnAsVersion('9.9.9-test', npm.VERSION);
    expect(other.VERSION).to.equal('9.9.9-test');
    // The report's words are a chunk of their own (src/elements/two-copies.ts), loaded by the copy that reports.
    await waitUntil(() => warnings.some((w) => w.includes('already defined')), 'no report of the second copy');
    await new Promise((resolve) => setTimeout(resolve, 100)); // (every tag's check has answered)
    const reports = warnings.filter((w) => w.includes('already defined'));
    expect(reports).to.have.length(1);
    expect(reports[0]).to.match(new RegExp(`^crm-profile-widgets 9\\.9\\.9-test is loaded on a page where crm-profile-widgets ${npm.VERSION.replace(/\./g, '\\.')} already defined the elements .*; this copy is not registered\\.$`));
    for (const tag of TAGS) expect(customElements.get(tag), tag).not.to.equal(undefined);
    expect(customElements.get('crm-profile')).to.equal(npm.CrmProfile);
  });

  it('the registered copy works: a profile on source="demo" shows numbers', async () => {
    const p = await fixture<HTMLElement>(html`<crm-profile source="demo" entity-type="contact" entity-id="1"></crm-profile>`);
    const figures = () => [...p.shadowRoot!.querySelectorAll('crm-widget')].flatMap((w) => [...(w.shadowRoot?.querySelectorAll('[data-figure]') ?? [])]);
    await waitUntil(() => figures().length > 0, 'the profile showed no numbers', { timeout: 10000 });
    expect(p).to.be.instanceOf(npm.CrmProfile);
  });
});
