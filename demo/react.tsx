// The elements in a React 19 app (the README, "Use from React / Vue"). React 19 sets a prop as a DOM property when
// the element has that property (adapter, settings, period…) and as an attribute otherwise
// (entity-id…); `on` + the exact event name adds a listener.
import { StrictMode, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../src/index.js'; // registers the elements (in an app: import 'crm-profile-widgets')
import type {} from '../src/types/react.js'; // JSX types of the tags (in an app: 'crm-profile-widgets/react')
import { DemoAdapter } from '../src/adapters/demo/demo-adapter.js';
import type { CrmWidget } from '../src/elements/widget/widget.js';
import type { PeriodChangeDetail } from '../src/elements/period-picker/period-picker.js';
import type { ChartType } from '../src/widgets/types.js';

/** Any object implementing CrmAdapter; created once, outside the components. */
const adapter = new DemoAdapter({ seed: 1 });

function ContactProfile({ id }: { id: string }) {
  const [client, setClient] = useState('');
  return (
    <section aria-labelledby="react-profile-h">
      <h2 id="react-profile-h">Contact profile {client && `— ${client}`}</h2>
      <crm-profile adapter={adapter} entity-type="contact" entity-id={id} period="last-90-days" editable
        storage-key="react-contact" oncrm-load={(e) => { if ('client' in e.detail) setClient(e.detail.client.name); }} />
    </section>
  );
}

function PeriodAndWidget() {
  const [period, setPeriod] = useState('last-90-days');
  const [chart, setChart] = useState<ChartType>('doughnut');
  const [last, setLast] = useState<PeriodChangeDetail>();
  const [used, setUsed] = useState('');
  // A new settings object makes the widget recompute: keep it stable between renders.
  const settings = useMemo(() => ({ title: 'Calls and e-mails', chart }), [chart]);
  const widget = useRef<CrmWidget>(null);
  return (
    <section aria-labelledby="react-alone-h">
      <h2 id="react-alone-h">A period picker driving a widget</h2>
      <div className="standalone">
        <crm-period-picker value={period} oncrm-period-change={(e) => { setPeriod(e.detail.value); setLast(e.detail); }} />
        <label>
          Chart{' '}
          <select value={chart} onChange={(e) => setChart(e.target.value as ChartType)}>
            <option value="doughnut">doughnut</option>
            <option value="bar">bar</option>
            <option value="table">table</option>
          </select>
        </label>
        <crm-widget ref={widget} adapter={adapter} type="load-by-channel" entity-type="contact" entity-id="1"
          period={period} settings={settings} />
      </div>
      <p aria-live="polite">
        {last ? `crm-period-change: ${last.value} (${last.label}, ${new Date(last.from).toISOString()} – ${new Date(last.to).toISOString()})` : 'Pick a period.'}
        {' '}
        <button type="button" onClick={() => setUsed(JSON.stringify(widget.current?.effectiveSettings))}>
          Settings the widget uses (through the ref)
        </button>
        {' '}<output>{used}</output>
      </p>
    </section>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <ContactProfile id="1" />
    <PeriodAndWidget />
  </StrictMode>,
);
