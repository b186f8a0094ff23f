/**
 * The suite under a strict Content-Security-Policy (docs/csp.md): no inline script or style, no
 * eval, Trusted Types required with Lit's 'lit-html' policy only. The test page itself carries wtr's
 * inline scripts, so the policy is sent (as a real header, csp-middleware.mjs) with framed pages
 * that load only 'self' scripts: a probe recording every `securitypolicyviolation` first, then the
 * suite — the built CDN bundle (cdn/crm-profile.js, `npm run build` first) or the sources.
 * In the frame: the whole profile on source="demo" with its charts, a settings dialog (gear →
 * Settings) and the detail panel (click a number). Expected: zero violations.
 */
import { expect, waitUntil } from '@open-wc/testing';

interface Violation { directive: string; blocked: string; sample: string; source: string }
type FrameWindow = Window & typeof globalThis & { cspViolations?: Violation[] };

const frames: HTMLIFrameElement[] = [];
afterEach(() => {
  for (const f of frames.splice(0)) f.remove();
});

async function openFrame(page: string): Promise<{ win: FrameWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.width = '1100';
  frame.height = '1800';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = page;
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  const win = frame.contentWindow as FrameWindow;
  expect(win.cspViolations, `${page}: the probe did not run`).to.be.an('array');
  return { win, doc: frame.contentDocument! };
}

const shadow = (el: Element | null | undefined, sel: string): Element | null => el?.shadowRoot?.querySelector(sel) ?? null;
const shadowAll = (el: Element | null | undefined, sel: string): Element[] => [...(el?.shadowRoot?.querySelectorAll(sel) ?? [])];
const violations = (win: FrameWindow) => win.cspViolations!.map((v) => `${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source} ${v.sample}`);

for (const [variant, page, needsBuild] of [
  ['the CDN bundle', '/test/csp/profile-cdn.html', true],
  ['the sources', '/test/csp/profile-src.html', false],
] as const) {
  describe(`strict CSP + Trusted Types: ${variant}`, () => {
    it('the page is served with the strict policy, and it is enforced', async () => {
      const res = await fetch(page, { cache: 'no-store' });
      const policy = res.headers.get('content-security-policy') ?? '';
      for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "require-trusted-types-for 'script'", 'trusted-types lit-html']) {
        expect(policy).to.contain(d);
      }
      expect(policy).not.to.contain('unsafe');
      if (needsBuild) {
        const bundle = await fetch('/cdn/crm-profile.js', { cache: 'no-store' });
        expect(bundle.ok && /\bexport\s*\{/.test(await bundle.text()), 'cdn/crm-profile.js is missing: run `npm run build` first').to.equal(true);
      }
      const { win, doc } = await openFrame(page);
      expect(violations(win)).to.deep.equal([]);
      // Control: the frame enforces the policy (a string into innerHTML throws) and the probe sees it.
      expect(() => {
        doc.body.appendChild(doc.createElement('div')).innerHTML = '<b>x</b>';
      }).to.throw(/TrustedHTML/);
      await waitUntil(() => win.cspViolations!.some((v) => v.directive === 'require-trusted-types-for'), 'the probe missed the Trusted Types violation');
      // … and an inline style attribute (what a template's style="…" would do).
      doc.body.setAttribute('style', 'color: red');
      await waitUntil(() => win.cspViolations!.some((v) => v.directive.startsWith('style-src')), 'the probe missed the inline style');
    });

    it('renders the full profile with charts, a settings dialog and the detail panel with zero violations', async () => {
      const { win, doc } = await openFrame(page);
      const profile = doc.querySelector('crm-profile')!;
      await waitUntil(() => win.customElements.get('crm-profile') && shadowAll(profile, 'crm-widget').length >= 8, 'the profile did not render its widgets', { timeout: 15000 });
      const widgets = shadowAll(profile, 'crm-widget');
      await waitUntil(() => widgets.every((w) => !shadow(w, '.skeleton') && shadow(w, '.view[aria-busy="false"]')), 'the widgets did not show their numbers', { timeout: 15000 });
      expect(widgets.filter((w) => shadow(w, '.body .error'))).to.have.length(0);
      expect(widgets.flatMap((w) => shadowAll(w, '[data-figure]')).length).to.be.greaterThan(10);

      // Charts: chart.js sets display:block (through the CSSOM) on every canvas it draws on, once
      // the canvas is in view (as a user scrolls to it).
      const canvases = widgets.flatMap((w) => shadowAll(w, 'canvas')) as HTMLCanvasElement[];
      expect(canvases.length).to.be.greaterThan(1);
      for (const c of canvases) {
        c.scrollIntoView({ block: 'center' });
        await waitUntil(() => c.style.display === 'block', 'a chart was not drawn once in view', { timeout: 15000 });
      }

      // Gear menu → Settings.
      const configurable = widgets.find((w) => (w as HTMLElement & { type: string }).type === 'load-by-channel')!;
      (shadow(configurable, '.menu-button') as HTMLButtonElement).click();
      await waitUntil(() => shadow(configurable, '[role="menuitem"]'), 'the gear menu did not open');
      (shadow(configurable, '[role="menuitem"]') as HTMLButtonElement).click();
      const settings = shadow(configurable, 'crm-widget-settings');
      await waitUntil(() => shadow(settings, 'dialog[open]'), 'the settings dialog did not open');
      expect(shadowAll(settings, 'dialog[open] input, dialog[open] select').length).to.be.greaterThan(0);
      (shadow(settings, '[part~="cancel-button"]') as HTMLButtonElement).click();
      await waitUntil(() => !shadow(settings, 'dialog[open]'), 'the settings dialog did not close');

      // A number → the detail panel with its records.
      const withRecords = widgets.find((w) => w.shadowRoot?.querySelector('button[data-figure]'))!;
      (shadow(withRecords, 'button[data-figure]') as HTMLButtonElement).click();
      // (The panel joins the widget's shadow root with its interactions' chunk, at the first click.)
      const panel = () => shadow(withRecords, 'crm-detail-panel');
      await waitUntil(() => shadow(panel(), 'dialog[open][aria-busy="false"]') && shadowAll(panel(), 'tbody tr').length > 0, 'the detail panel showed no records', { timeout: 15000 });

      // Let late work (animations, lazy chunks) run before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(violations(win)).to.deep.equal([]);
    });
  });
}

describe('strict CSP: two copies of Lit on one page (the npm build and the CDN bundle)', () => {
  it("needs 'allow-duplicates': without it the second 'lit-html' policy is refused", async () => {
    const { win } = await openFrame('/test/csp/two-copies.html');
    await waitUntil(() => win.cspViolations!.some((v) => v.directive === 'trusted-types'), 'no trusted-types violation', { timeout: 10000 });
  });

  it("with trusted-types lit-html 'allow-duplicates' both load and the profile renders, with zero violations", async () => {
    const { win, doc } = await openFrame('/test/csp/two-copies.html?duplicates=allow');
    const profile = doc.querySelector('crm-profile')!;
    await waitUntil(() => shadowAll(profile, 'crm-widget').some((w) => shadowAll(w, '[data-figure]').length > 0), 'the profile showed no numbers', { timeout: 15000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(violations(win)).to.deep.equal([]);
  });
});
