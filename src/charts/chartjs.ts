/**
 * The only module that imports chart.js, loaded with a dynamic import() after the numbers are
 * painted (Home Assistant's pattern). Registers just the controllers and elements the widgets use,
 * and turns a widget's chart model into chart.js's configuration (the controller,
 * src/controllers/chart-controller.ts, draws it).
 */
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip, type ChartConfiguration,
} from 'chart.js';
import type { ChartModel } from '../widgets/views.js';
import type { ChartType } from '../widgets/types.js';

Chart.register(
  ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
);

export { Chart };

/**
 * The default colours of `--crm-chart-series-1…9`, used where the page sets none (on the widget or
 * on any ancestor: the tokens inherit, so one rule on a profile or the page themes every chart).
 */
const SERIES = ['#2f6fca', '#2a9d8f', '#e9a23b', '#8e5bd6', '#d1495b', '#5b8e3a', '#6c7a89', '#c26dbc', '#3bb2d0'];

/**
 * The configuration of `model` drawn as `type`: colours from the widget's CSS custom properties
 * (`style`: its computed style), no animation under reduced motion.
 */
export function chartConfig(model: ChartModel, type: ChartType, style: CSSStyleDeclaration, reducedMotion: boolean): ChartConfiguration {
  const color = (i: number) => style.getPropertyValue(`--crm-chart-series-${(i % 9) + 1}`).trim() || SERIES[i % 9]!;
  const fg = style.getPropertyValue('--_fg-muted').trim() || '#4a5565';
  const grid = style.getPropertyValue('--_border').trim() || '#d3d9e2';
  const doughnut = type === 'doughnut';
  return {
    type: type === 'line' ? 'line' : doughnut ? 'doughnut' : 'bar',
    data: {
      labels: [...model.labels],
      datasets: model.series.map((s, i) => ({
        label: s.label,
        data: [...s.data],
        backgroundColor: doughnut ? model.labels.map((_, j) => color(j)) : color(i),
        borderColor: doughnut ? style.getPropertyValue('--_bg').trim() || '#fff' : color(i),
        borderWidth: doughnut ? 2 : type === 'line' ? 2 : 0,
        pointRadius: type === 'line' ? 0 : undefined,
        tension: 0.25,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion ? false : { duration: 300 },
      plugins: {
        legend: { display: doughnut || model.series.length > 1, position: 'bottom', labels: { color: fg, boxWidth: 12 } },
        tooltip: { enabled: true },
      },
      scales: doughnut ? {} : {
        x: { ticks: { color: fg, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: fg, precision: 0 }, grid: { color: grid } },
      },
    },
  };
}
