/**
 * <crm-profile>, <crm-period-picker> and <crm-widget> in a Vue 3 app with a runtime-compiled template
 * (Vue's browser build, no build plugin): what the user sees, `:adapter` / `:settings` bindings
 * reaching the elements as DOM properties, `@crm-period-change` reaching the Vue handler, template
 * refs. The app below is the snippet of the README, "Use from React / Vue".
 */
import { expect, waitUntil } from '@open-wc/testing';
import { createApp, markRaw, nextTick, ref, type App } from 'vue/dist/vue.esm-browser.js';
import '../../src/index.js';
import type {} from '../../src/types/vue.js';
import { CrmProfile } from '../../src/elements/profile/profile.js';
import { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker, PeriodChangeDetail } from '../../src/elements/period-picker/period-picker.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { WidgetSettings } from '../../src/widgets/types.js';
import {
  $, $$, CONTACT_1, ZONE, adapter, clearStoredLayouts, expectedFigures, isSettled, loaded, metricsFor, shown, titleOf,
  pickerButton, pickerOption,
} from '../elements/widget-helpers.js';

// ─── the snippet ─────────────────────────────────────────────────────────────────────────────────

const SETTINGS: WidgetSettings = { title: 'Calls and e-mails', chart: 'bar' };

const TEMPLATE = `
  <crm-profile :adapter="adapter" entity-type="contact" :entity-id="clientId" period="last-90-days"
    locale="en" time-zone="UTC" storage-key="vue-contact" @crm-load="onLoad"></crm-profile>
  <div class="standalone">
    <crm-period-picker :value="period" :now="adapter.now" locale="en" time-zone="UTC"
      @crm-period-change="onPeriod"></crm-period-picker>
    <crm-widget ref="widget" :adapter.prop="adapter" :settings="settings" type="load-by-channel"
      entity-type="contact" entity-id="1" :period="period" locale="en" time-zone="UTC"></crm-widget>
  </div>`;

function profileApp(source: CrmAdapter, seen: { loads: string[]; changes: PeriodChangeDetail[] }) {
  return createApp({
    template: TEMPLATE,
    setup() {
      const period = ref('last-90-days');
      const clientId = ref('1');
      const widget = ref<CrmWidget | null>(null);
      return {
        // markRaw: an adapter is a class instance with #private fields, which a reactive proxy would break.
        adapter: markRaw(source), settings: SETTINGS, period, clientId, widget,
        onLoad: (e: CustomEvent<{ client?: { name: string } }>) => { if (e.detail.client) seen.loads.push(e.detail.client.name); },
        onPeriod: (e: CustomEvent<PeriodChangeDetail>) => {
          period.value = e.detail.value;
          seen.changes.push(e.detail);
        },
      };
    },
  });
}

// ─── harness ─────────────────────────────────────────────────────────────────────────────────────

let app: App | undefined;
let container: HTMLElement | undefined;

interface Mounted {
  el: HTMLElement;
  vm: { period: string; clientId: string; widget: CrmWidget | null };
  loads: string[];
  changes: PeriodChangeDetail[];
}

function mount(): Mounted {
  const seen = { loads: [] as string[], changes: [] as PeriodChangeDetail[] };
  container = document.body.appendChild(document.createElement('div'));
  app = profileApp(adapter, seen);
  // crm-* tags are custom elements, not Vue components (the runtime template compiler's option).
  app.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('crm-');
  const vm = app.mount(container) as unknown as Mounted['vm'];
  return { el: container, vm, ...seen };
}

afterEach(() => {
  app?.unmount();
  container?.remove();
  app = container = undefined;
  clearStoredLayouts();
});


describe('Vue 3', () => {
  it('isCustomElement: crm-* tags stay elements, even one not defined yet (e.g. while the CDN script loads), with no Vue warning', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    try {
      const { el } = mount();
      expect(el.querySelector('crm-profile') instanceof CrmProfile).to.equal(true);
      expect(el.querySelector('crm-widget') instanceof CrmWidget).to.equal(true);
      // Vue's browser build treats already-defined tags as elements by itself; the option matters for
      // tags defined later (and for templates compiled at build time, where it goes in the Vue plugin).
      const later = document.body.appendChild(document.createElement('div'));
      const other = createApp({ template: '<crm-defined-later data-x="1"></crm-defined-later>' });
      other.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('crm-');
      other.mount(later);
      expect(later.querySelector('crm-defined-later')?.getAttribute('data-x')).to.equal('1');
      other.unmount();
      later.remove();
    } finally {
      console.warn = original;
    }
    expect(warnings.filter((w) => w.includes('[Vue warn]'))).to.deep.equal([]);
  });

  it('<crm-profile>: :adapter is set as a property, the header shows the client, the widgets its numbers; @crm-load reaches the handler', async () => {
    const { el, vm, loads } = mount();
    const p = el.querySelector('crm-profile')!;
    expect(p.adapter === adapter, 'the adapter property is the object Vue was given').to.equal(true);
    expect(p.hasAttribute('adapter')).to.equal(false);
    const client = await adapter.getClient(CONTACT_1);
    await waitUntil(() => $(p, '.client h2')?.textContent === client.name, 'the header did not show the client');
    await waitUntil(() => loads.includes(client.name), 'crm-load did not reach the Vue handler');

    const w = $$<CrmWidget>(p, 'crm-widget').find((x) => x.type === 'load-by-channel')!;
    await loaded(w);
    const values = await metricsFor('load-by-channel', 'last-90-days');
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(expectedFigures('load-by-channel', values).map((f) => [f.id, f.text]));
    await waitUntil(() => $$<CrmWidget>(p, 'crm-widget').every(isSettled), 'the widgets did not settle', { timeout: 8000 });
    await expect(el).to.be.accessible();

    // Reactive binding: another client id re-renders the same element.
    const two = await adapter.getClient({ type: 'contact', id: '2' });
    vm.clientId = '2';
    await nextTick();
    expect(p.getAttribute('entity-id')).to.equal('2');
    await waitUntil(() => $(p, '.client h2')?.textContent === two.name, 'the header did not show client 2');
  });

  it('picker + widget: :settings as a property, @crm-period-change reaches the handler and re-renders the widget; the template ref is the element', async () => {
    const { el, vm, changes } = mount();
    const w = el.querySelector<CrmWidget>('.standalone crm-widget')!;
    expect(vm.widget === w, 'the template ref is the <crm-widget> element').to.equal(true);
    expect(w.adapter === adapter).to.equal(true);
    expect(w.settings).to.deep.equal(SETTINGS);
    await loaded(w);
    expect(titleOf(w)).to.equal('Calls and e-mails');
    const before = expectedFigures('load-by-channel', await metricsFor('load-by-channel', 'last-90-days', CONTACT_1, SETTINGS), SETTINGS);
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(before.map((f) => [f.id, f.text]));

    const picker = el.querySelector<CrmPeriodPicker>('.standalone crm-period-picker')!;
    pickerButton(picker).click();
    await picker.updateComplete;
    pickerOption(picker, 'last-7-days').click();
    await waitUntil(() => changes.length === 1, 'crm-period-change did not reach the Vue handler');
    const r = resolvePeriod('last-7-days', adapter.now, ZONE, 'en');
    expect(changes[0]).to.deep.include({ value: 'last-7-days', preset: 'last-7-days', from: r.from, to: r.to, label: 'Last 7 days' });
    expect(vm.period).to.equal('last-7-days');

    await waitUntil(() => w.period === 'last-7-days', 'Vue did not pass the new period to the widget');
    await loaded(w);
    const after = expectedFigures('load-by-channel', await metricsFor('load-by-channel', 'last-7-days', CONTACT_1, SETTINGS), SETTINGS);
    expect(after.map((f) => f.text), 'the test needs periods with different numbers').not.to.deep.equal(before.map((f) => f.text));
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(after.map((f) => [f.id, f.text]));
    await expect(el.querySelector('.standalone')).to.be.accessible();
  });
});
