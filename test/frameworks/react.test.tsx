/**
 * <crm-profile>, <crm-period-picker> and <crm-widget> rendered by React 19 (JSX, automatic runtime):
 * what the user sees, properties set by React reaching the elements, events reaching React handlers,
 * refs. The components below are the snippets of the README, "Use from React / Vue".
 */
import { expect, waitUntil } from '@open-wc/testing';
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import '../../src/index.js';
import type {} from '../../src/types/react.js';
import { CrmProfile } from '../../src/elements/profile/profile.js';
import { CrmWidget } from '../../src/elements/widget/widget.js';
import type { PeriodChangeDetail } from '../../src/elements/period-picker/period-picker.js';
import type { CrmAdapter } from '../../src/adapters/adapter.js';
import { resolvePeriod } from '../../src/core/period.js';
import type { WidgetSettings } from '../../src/widgets/types.js';
import {
  $, $$, CONTACT_1, ZONE, adapter, clearStoredLayouts, expectedFigures, isSettled, loaded, metricsFor, shown, titleOf,
  pickerButton, pickerOption,
} from '../elements/widget-helpers.js';

// ─── the snippets ────────────────────────────────────────────────────────────────────────────────

function Profile({ adapter, clientId, onLoad }: { adapter: CrmAdapter; clientId: string; onLoad: (name: string) => void }) {
  const profile = useRef<CrmProfile>(null);
  return (
    <crm-profile ref={profile} adapter={adapter} entity-type="contact" entity-id={clientId} period="last-90-days"
      locale="en" time-zone="UTC" storage-key="react-contact"
      oncrm-load={(e) => { if ('client' in e.detail) onLoad(e.detail.client.name); }} />
  );
}

const SETTINGS: WidgetSettings = { title: 'Calls and e-mails', chart: 'bar' };

function PeriodAndWidget({ adapter, widget, onPeriod }: {
  adapter: CrmAdapter; widget: RefObject<CrmWidget | null>; onPeriod: (detail: PeriodChangeDetail) => void;
}) {
  const [period, setPeriod] = useState('last-90-days');
  return (
    <div className="standalone">
      <crm-period-picker value={period} now={adapter.now} locale="en" time-zone="UTC"
        oncrm-period-change={(e) => { setPeriod(e.detail.value); onPeriod(e.detail); }} />
      <crm-widget ref={widget} adapter={adapter} settings={SETTINGS} type="load-by-channel"
        entity-type="contact" entity-id="1" period={period} locale="en" time-zone="UTC" />
    </div>
  );
}

// ─── harness ─────────────────────────────────────────────────────────────────────────────────────

let root: Root | undefined;
let container: HTMLElement | undefined;

/** Renders synchronously into a fresh container (React 19 `createRoot` + `flushSync`). */
function render(node: ReactNode): HTMLElement {
  container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  flushSync(() => root!.render(node));
  return container;
}

afterEach(() => {
  root?.unmount();
  container?.remove();
  root = container = undefined;
  clearStoredLayouts();
});


describe('React 19', () => {
  it('<crm-profile>: the adapter goes in as a property, the header shows the client, the widgets its numbers; crm-load reaches the handler', async () => {
    const loads: string[] = [];
    const el = render(<Profile adapter={adapter} clientId="1" onLoad={(name) => loads.push(name)} />);
    const p = el.querySelector('crm-profile')!;
    expect(p instanceof CrmProfile).to.equal(true);
    expect(p.adapter === adapter, 'the adapter property is the object React was given').to.equal(true);
    expect(p.hasAttribute('adapter')).to.equal(false);
    expect(p.getAttribute('entity-id')).to.equal('1');
    const client = await adapter.getClient(CONTACT_1);
    await waitUntil(() => $(p, '.client h2')?.textContent === client.name, 'the header did not show the client');
    await waitUntil(() => loads.length > 0, 'crm-load did not reach the React handler');
    expect(loads).to.deep.equal([client.name]);

    const w = $$<CrmWidget>(p, 'crm-widget').find((x) => x.type === 'load-by-channel')!;
    await loaded(w);
    const values = await metricsFor('load-by-channel', 'last-90-days');
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(expectedFigures('load-by-channel', values).map((f) => [f.id, f.text]));
    await waitUntil(() => $$<CrmWidget>(p, 'crm-widget').every(isSettled), 'the widgets did not settle', { timeout: 8000 });
    await expect(el).to.be.accessible();
  });

  it('<crm-profile>: a re-render with another entity-id shows the other client', async () => {
    const loads: string[] = [];
    const el = render(<Profile adapter={adapter} clientId="1" onLoad={(name) => loads.push(name)} />);
    const p = el.querySelector('crm-profile')!;
    const [one, two] = await Promise.all([adapter.getClient(CONTACT_1), adapter.getClient({ type: 'contact', id: '2' })]);
    await waitUntil(() => $(p, '.client h2')?.textContent === one.name, 'the header did not show client 1');
    flushSync(() => root!.render(<Profile adapter={adapter} clientId="2" onLoad={(name) => loads.push(name)} />));
    expect(el.querySelector('crm-profile') === p, 'the same element, updated').to.equal(true);
    await waitUntil(() => $(p, '.client h2')?.textContent === two.name, 'the header did not show client 2');
    await waitUntil(() => loads.includes(two.name), 'crm-load of client 2 did not reach the handler');
  });

  it('picker + widget: settings and adapter as properties, crm-period-change reaches the handler and re-renders the widget; ref gives the element', async () => {
    const widget: RefObject<CrmWidget | null> = { current: null };
    const changes: PeriodChangeDetail[] = [];
    const el = render(<PeriodAndWidget adapter={adapter} widget={widget} onPeriod={(d) => changes.push(d)} />);
    const w = el.querySelector('crm-widget')!;
    expect(widget.current instanceof CrmWidget, 'the ref is the <crm-widget> instance').to.equal(true);
    expect(widget.current === w).to.equal(true);
    expect(w.adapter === adapter).to.equal(true);
    expect(w.settings).to.deep.equal(SETTINGS);
    await loaded(w);
    expect(titleOf(w)).to.equal('Calls and e-mails');
    const before = await metricsFor('load-by-channel', 'last-90-days', CONTACT_1, SETTINGS);
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(expectedFigures('load-by-channel', before, SETTINGS).map((f) => [f.id, f.text]));
    await expect(el).to.be.accessible();

    // The user picks "Last 7 days" in the picker.
    const picker = el.querySelector('crm-period-picker')!;
    pickerButton(picker).click();
    await picker.updateComplete;
    pickerOption(picker, 'last-7-days').click();
    await waitUntil(() => changes.length === 1, 'crm-period-change did not reach the React handler');
    const r = resolvePeriod('last-7-days', adapter.now, ZONE, 'en');
    expect(changes[0]).to.deep.include({ value: 'last-7-days', preset: 'last-7-days', from: r.from, to: r.to, label: 'Last 7 days' });

    await waitUntil(() => w.period === 'last-7-days', 'React did not pass the new period to the widget');
    await loaded(w);
    const after = expectedFigures('load-by-channel', await metricsFor('load-by-channel', 'last-7-days', CONTACT_1, SETTINGS), SETTINGS);
    expect(after.map((f) => f.text), 'the test needs periods with different numbers')
      .not.to.deep.equal(expectedFigures('load-by-channel', before, SETTINGS).map((f) => f.text));
    expect(shown(w).map((f) => [f.id, f.text])).to.deep.equal(after.map((f) => [f.id, f.text]));
    expect(picker.value).to.equal('last-7-days');
  });
});
