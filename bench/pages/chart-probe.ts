/**
 * chart.js as the widgets load it (the same module instance in the bench bundle): the bench pages
 * import this chunk dynamically, only once charts exist, to read `Chart.instances` and whether a
 * chart's animations still run (chart.js exports its `animator` without declaring it).
 */
import * as chartjs from 'chart.js';

export const Chart = chartjs.Chart;

const animator = (chartjs as unknown as { animator: { running(chart: chartjs.Chart): boolean } }).animator;

/** Whether `chart` is still animating. */
export const running = (chart: chartjs.Chart): boolean => animator.running(chart);

/** Live chart.js instances of the page. */
export const instances = (): number => Object.keys(Chart.instances).length;
