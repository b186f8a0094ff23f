/**
 * Compiled by `npm run typecheck` only (never run): the React 19 JSX and Vue 3 template types of the
 * tags (src/types/react.ts, src/types/vue.ts) accept correct uses and reject wrong ones. Every
 * `@ts-expect-error` line must be an error, so a declaration that stops checking fails the typecheck.
 */
import type { GlobalComponents } from 'vue';
import { createRef } from 'react';
import type {} from '../../src/types/react.js';
import type {} from '../../src/types/vue.js';
import { DemoAdapter } from '../../src/adapters/demo/demo-adapter.js';
import type { CrmProfile } from '../../src/elements/profile/profile.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import type { CrmPeriodPicker } from '../../src/elements/period-picker/period-picker.js';
import { defaultLayout } from '../../src/widgets/layout.js';

const adapter = new DemoAdapter({ seed: 1 });
const profileRef = createRef<CrmProfile>();
const widgetRef = createRef<CrmWidget>();
const pickerRef = createRef<CrmPeriodPicker>();

// ─── React: correct uses ─────────────────────────────────────────────────────────────────────────

export const reactOk = (
  <>
    <crm-profile ref={profileRef} adapter={adapter} entity-type="company" entity-id="3" period="last-7-days" locale="fr"
      time-zone="Europe/Paris" currency="EUR" theme="dark" editable storage-key="tab" load-target={5} layout={defaultLayout()}
      className="profile" style={{ maxInlineSize: '80rem' }} hidden={false}
      oncrm-layout-change={(e) => e.detail.layout.items.map((i) => i.type)}
      oncrm-period-change={(e) => e.detail.value}
      oncrm-load={(e) => ('client' in e.detail ? e.detail.client.name : e.detail.type)}
      oncrm-error={(e) => e.detail.error.message}
      oncrm-record-open={(e) => { e.preventDefault(); return e.detail.kind; }} />
    {/* the property spellings work too (React sets them as properties) */}
    <crm-profile entityType="contact" entityId="1" storageKey="k" loadTarget={2} timeZone="UTC" />
    <crm-widget ref={widgetRef} adapter={adapter} type="load-by-channel" widget-id="w2" settings={{ chart: 'bar', channels: ['call'] }}
      entity-type="contact" entity-id="1" period="month:2026-03"
      oncrm-widget-settings-change={(e) => e.detail.settings.chart}
      oncrm-widget-action={(e) => e.detail.action === 'remove'}
      oncrm-load={(e) => e.detail.id} />
    <crm-period-picker ref={pickerRef} value="quarter:2026-Q1" presets="month quarter range" now={Date.now()} disabled={false} open
      oncrm-period-change={(e) => [e.detail.value, e.detail.preset, e.detail.from, e.detail.to, e.detail.label]} />
    <crm-detail-panel adapter={adapter} kind="invoice" heading="Invoices" period-label="March 2026" onclose={(e) => e.type} />
    <crm-widget-settings type="sales-amount" settings={{ title: 'Sales' }} oncrm-widget-settings-change={(e) => e.detail.settings} />
  </>
);

// ─── React: wrong uses ───────────────────────────────────────────────────────────────────────────

export const reactWrong = [
  // @ts-expect-error entity-type is 'contact' or 'company'
  <crm-profile entity-type="lead" />,
  // @ts-expect-error entityId is a string
  <crm-profile entityId={1} />,
  // @ts-expect-error adapter is a CrmAdapter object, not a source string
  <crm-profile adapter="demo" />,
  // @ts-expect-error layout is a Layout object
  <crm-profile layout="[]" />,
  // @ts-expect-error theme is light, dark or auto
  <crm-widget theme="blue" />,
  // @ts-expect-error no such widget type
  <crm-widget type="pie-chart" />,
  // @ts-expect-error settings is a WidgetSettings object (the JSON string is for the HTML attribute)
  <crm-widget settings='{"chart":"bar"}' />,
  // @ts-expect-error no such chart
  <crm-widget settings={{ chart: 'pie' }} />,
  // @ts-expect-error now is epoch milliseconds
  <crm-period-picker now="yesterday" />,
  // @ts-expect-error the detail of crm-period-change has a string value
  <crm-period-picker oncrm-period-change={(e: CustomEvent<{ value: number }>) => e.detail.value} />,
  // @ts-expect-error the ref of <crm-widget> is a CrmWidget
  <crm-widget ref={profileRef} />,
  // @ts-expect-error kind is a record kind
  <crm-detail-panel kind="lead" />,
];

// ─── Vue: $props and $emit of the GlobalComponents entries (what Volar / vue-tsc check templates against) ──

type VueProps<T extends 'crm-profile' | 'crm-widget' | 'crm-period-picker'> = InstanceType<GlobalComponents[T]>['$props'];

export const vueOk: [VueProps<'crm-profile'>, VueProps<'crm-widget'>, VueProps<'crm-period-picker'>] = [
  { adapter, entityType: 'company', entityId: '3', period: 'current-quarter', editable: true, class: 'profile', key: 'p' },
  { adapter, type: 'deal-conversion', settings: { count: 'closed' }, widgetId: 'w5' },
  { value: 'year:2025', now: 0, presets: 'year' },
];

export const vueWrong: [VueProps<'crm-profile'>, VueProps<'crm-widget'>, VueProps<'crm-period-picker'>] = [
  // @ts-expect-error entityType is 'contact' or 'company'
  { entityType: 'lead' },
  // @ts-expect-error settings is a WidgetSettings object
  { settings: '{}' },
  // @ts-expect-error now is epoch milliseconds
  { now: 'today' },
];

declare const picker: InstanceType<GlobalComponents['crm-period-picker']>;
declare const period: CustomEvent<import('../../src/elements/period-picker/period-picker.js').PeriodChangeDetail>;
picker.$emit('crm-period-change', period);
// @ts-expect-error the picker emits no crm-load
picker.$emit('crm-load', period);
// @ts-expect-error crm-period-change carries a CustomEvent<PeriodChangeDetail>
picker.$emit('crm-period-change', new CustomEvent('crm-period-change', { detail: 42 }));
