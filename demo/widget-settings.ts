/** Demo of the widget settings dialog over the demo reference data (`?type=…&locale=…&theme=…&open=0`). */
import { DemoAdapter } from '../src/adapters/demo/demo-adapter.js';
import '../src/elements/widget-settings/define.js';
import { WIDGET_TYPES, type WidgetSettings, type WidgetType } from '../src/widgets/types.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const dialog = $<HTMLElementTagNameMap['crm-widget-settings']>('dialog');
const typeSel = $<HTMLSelectElement>('type');
const localeSel = $<HTMLSelectElement>('locale');
const themeSel = $<HTMLSelectElement>('theme');
const output = $('output');

for (const t of WIDGET_TYPES) typeSel.add(new Option(t, t));
typeSel.value = params.get('type') ?? 'load-by-channel';
localeSel.value = params.get('locale') ?? 'en';
themeSel.value = params.get('theme') ?? 'light';

dialog.reference = new DemoAdapter({ seed: 1 }).data.reference;
const saved = new Map<string, WidgetSettings>([
  ['load-by-channel', { channels: ['call', 'email'], directions: ['in'], color: 'teal' }],
]);

function apply(): void {
  dialog.type = typeSel.value as WidgetType;
  dialog.locale = localeSel.value;
  dialog.theme = themeSel.value as 'light' | 'dark';
  document.documentElement.classList.toggle('dark', themeSel.value === 'dark');
  dialog.settings = saved.get(typeSel.value) ?? {};
}

dialog.addEventListener('crm-widget-settings-change', (e) => {
  const { settings } = (e as CustomEvent<{ settings: WidgetSettings }>).detail;
  saved.set(dialog.type, settings);
  output.textContent = JSON.stringify(settings, null, 2);
});
$('open').addEventListener('click', (e) => {
  apply();
  void dialog.show(e.currentTarget as HTMLElement);
});
apply();
if (params.get('open') !== '0') void dialog.show($('open'));
