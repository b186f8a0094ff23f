import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Chart as ChartJs } from 'chart.js';
import type { ChartModel } from '../widgets/views.js';
import type { ChartType } from '../widgets/types.js';

type ChartModule = typeof import('../charts/chartjs.js');
let loading: Promise<ChartModule> | undefined;
/** Loads chart.js once per page, on first use. */
export function loadChartJs(): Promise<ChartModule> {
  return (loading ??= import('../charts/chartjs.js'));
}

/**
 * Resolves in a task after the next two frames began: the frame that shows the numbers just
 * rendered, and the one after it, are not held up by loading chart.js and drawing charts (tens of
 * ms each).
 */
const afterNumbersPainted = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve))));

/** Live chart instances (the memory benchmark checks it returns to 0). */
export let liveCharts = 0;

/**
 * Owns one chart.js instance for a host element. It builds the chart only while connected and only
 * once its canvas is in (or within 200 px of) the viewport, or the page is printed: chart.js is not
 * even loaded for a page whose charts are all out of view, or in a hidden container. It reads the
 * colours from CSS custom properties, turns animation off under reduced motion, and destroys the
 * chart on disconnect unless the host is re-attached in the same microtask (widgets move on reorder).
 */
export class ChartController implements ReactiveController {
  #chart: ChartJs | undefined;
  #connected = false;
  #version = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
    queueMicrotask(() => {
      if (!this.#connected) this.destroy();
    });
  }

  /** Stops waiting for the canvas of the latest render to come into view. */
  #unwatch?: () => void;

  /** Resolves when `canvas` is in or near the viewport, or the page is about to be printed. */
  #inView(canvas: HTMLCanvasElement): Promise<void> {
    this.#unwatch?.();
    return new Promise((resolve) => {
      const watch = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) show();
      }, { rootMargin: '200px' });
      const stop = () => {
        watch.disconnect();
        removeEventListener('beforeprint', show);
      };
      const show = () => {
        stop();
        resolve();
      };
      this.#unwatch = stop;
      watch.observe(canvas);
      addEventListener('beforeprint', show);
    });
  }

  destroy(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    if (this.#chart) {
      this.#chart.destroy();
      this.#chart = undefined;
      liveCharts--;
    }
  }

  /** Draws `model` as `type` on `canvas` (replacing any previous chart). */
  async render(canvas: HTMLCanvasElement | null, model: ChartModel | undefined, type: ChartType): Promise<void> {
    const version = ++this.#version;
    if (!canvas || !model || type === 'table' || model.labels.length === 0) {
      this.destroy();
      return;
    }
    // The numbers first: chart.js is loaded and the chart drawn after the frames that show them
    // (parsing chart.js takes a core that rasterizing those frames needs), and only for a canvas in view.
    await afterNumbersPainted();
    if (version !== this.#version || !this.#connected) return;
    await this.#inView(canvas);
    if (version !== this.#version) return;
    const { Chart, chartConfig } = await loadChartJs();
    if (version !== this.#version || !this.#connected || !canvas.isConnected) return;
    const config = chartConfig(model, type, getComputedStyle(this.host), matchMedia('(prefers-reduced-motion: reduce)').matches);
    this.destroy();
    this.#chart = new Chart(canvas, config);
    liveCharts++;
  }
}
