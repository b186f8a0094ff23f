// The elements in a Vue 3 app (the README, "Use from React / Vue"), with a template compiled in the browser: Vue's
// browser build (runtime + compiler, no process.env to define) works as it is under Vite and under the
// test runner, without a Vue plugin. With a build (SFCs), import from 'vue' and put isCustomElement in
// the Vue plugin's template.compilerOptions instead.
import { computed, createApp, markRaw, ref, shallowRef } from 'vue/dist/vue.esm-browser.js';
import '../src/index.js'; // registers the elements (in an app: import 'crm-profile-widgets')
import type {} from '../src/types/vue.js'; // template types of the tags (in an app: 'crm-profile-widgets/vue')
import { DemoAdapter } from '../src/adapters/demo/demo-adapter.js';
import type { CrmWidget } from '../src/elements/widget/widget.js';
import type { PeriodChangeDetail } from '../src/elements/period-picker/period-picker.js';
import type { ChartType } from '../src/widgets/types.js';

const app = createApp({
  template: `
    <section aria-labelledby="vue-profile-h">
      <h2 id="vue-profile-h">Contact profile <template v-if="client">— {{ client }}</template></h2>
      <crm-profile :adapter="adapter" entity-type="contact" entity-id="1" period="last-90-days" editable
        storage-key="vue-contact" @crm-load="onLoad"></crm-profile>
    </section>
    <section aria-labelledby="vue-alone-h">
      <h2 id="vue-alone-h">A period picker driving a widget</h2>
      <div class="standalone">
        <crm-period-picker :value="period" @crm-period-change="onPeriod"></crm-period-picker>
        <label>Chart
          <select v-model="chart">
            <option>doughnut</option><option>bar</option><option>table</option>
          </select>
        </label>
        <crm-widget ref="widget" :adapter.prop="adapter" type="load-by-channel" entity-type="contact" entity-id="1"
          :period="period" :settings="settings"></crm-widget>
      </div>
      <p aria-live="polite">
        <span v-if="last">crm-period-change: {{ last.value }} ({{ last.label }}, {{ iso(last.from) }} – {{ iso(last.to) }})</span>
        <span v-else>Pick a period.</span> <button type="button" @click="showSettings">Settings the widget uses (through the ref)</button> <output>{{ used }}</output>
      </p>
    </section>`,
  setup() {
    const period = ref('last-90-days');
    const chart = ref<ChartType>('doughnut');
    const client = ref('');
    const last = shallowRef<PeriodChangeDetail>();
    const widget = ref<CrmWidget | null>(null);
    const used = ref('');
    // A new settings object makes the widget recompute: computed keeps it stable between renders.
    const settings = computed(() => ({ title: 'Calls and e-mails', chart: chart.value }));
    return {
      // markRaw: the adapter is a class instance with #private fields, which a reactive proxy would break.
      adapter: markRaw(new DemoAdapter({ seed: 1 })),
      period, chart, settings, client, last, widget, used,
      iso: (t: number) => new Date(t).toISOString(),
      onLoad: (e: CustomEvent<{ client?: { name: string } }>) => { if (e.detail.client) client.value = e.detail.client.name; },
      onPeriod: (e: CustomEvent<PeriodChangeDetail>) => {
        period.value = e.detail.value;
        last.value = e.detail;
      },
      showSettings: () => { used.value = JSON.stringify(widget.value?.effectiveSettings); },
    };
  },
});
// crm-* tags are custom elements, not Vue components.
app.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('crm-');
app.mount('#app');
