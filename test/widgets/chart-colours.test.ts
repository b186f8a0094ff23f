// The charts' colours: `--crm-chart-series-1…9`, set on the widget or on any ancestor (a profile, the
// page), else the defaults of src/charts/chartjs.ts.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import { chartConfig } from '../../src/charts/chartjs.js';
import type { ChartModel } from '../../src/widgets/views.js';

const model: ChartModel = { labels: ['Jan', 'Feb'], series: [{ label: 'Deals', data: [1, 2] }, { label: 'Invoices', data: [3, 4] }] };
const coloursOf = (el: Element, type: 'bar' | 'doughnut') =>
  chartConfig(model, type, getComputedStyle(el), false).data.datasets.map((d) => d.backgroundColor);

describe('chart colours', () => {
  it('default to the suite\'s palette when the page sets none', async () => {
    const w = await fixture(html`<crm-widget type="sales-amount"></crm-widget>`);
    expect(coloursOf(w, 'bar')).to.deep.equal(['#2f6fca', '#2a9d8f']);
    expect(coloursOf(w, 'doughnut')[0]).to.deep.equal(['#2f6fca', '#2a9d8f']);
  });

  it('follow the tokens set on an ancestor (a wrapper or a profile) and on the widget itself', async () => {
    const page = await fixture(html`<div style="--crm-chart-series-1: rgb(1, 2, 3); --crm-chart-series-2: rgb(4, 5, 6)">
      <crm-widget type="sales-amount"></crm-widget>
      <crm-widget type="sales-amount" style="--crm-chart-series-2: rgb(7, 8, 9)"></crm-widget></div>`);
    const [a, b] = page.querySelectorAll('crm-widget');
    expect(coloursOf(a!, 'bar')).to.deep.equal(['rgb(1, 2, 3)', 'rgb(4, 5, 6)']);
    expect(coloursOf(b!, 'bar')).to.deep.equal(['rgb(1, 2, 3)', 'rgb(7, 8, 9)']);
  });
});
