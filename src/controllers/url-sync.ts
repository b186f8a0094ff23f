/**
 * `<crm-profile sync-url>`: keeps the period, the comparison and what is open (a number's records,
 * or a widget's explanation) in the URL fragment (url-state.ts), so that a link restores the view
 * and the browser's back / forward buttons walk through it.
 *
 * - Each change made on the page (toolbar period or comparison, a drill-down or explanation opened
 *   or closed) adds a history entry (`history.pushState`), unless it repeats the current state.
 * - On connect and on `popstate` / `hashchange` the state of the URL is applied: the period and the
 *   comparison set on the profile, the widget's drill-down or explanation opened (once its numbers
 *   are loaded), anything else that is open closed. Applying never writes history.
 * - A state naming a widget or number that does not exist is ignored with a console warning.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readUrlState, sameUrlState, writeUrlState, type UrlState } from './url-state.js';
import type { CompareMode } from '../core/compare-modes.js';

/** What the controller needs of `<crm-profile>`. */
export interface UrlSyncHost extends ReactiveControllerHost, HTMLElement {
  period: string;
  compare?: string;
  /** The `sync-url` name (`''` → `crm`). */
  readonly syncUrl: string | null;
  /** Resolves once the stored layout is loaded (or failed to). */
  readonly layoutComplete: Promise<unknown>;
  /** The profile's widgets (in its shadow root). */
  widgets(): readonly WidgetLike[];
}

interface WidgetLike extends HTMLElement {
  readonly widgetId: string;
  readonly openState: { readonly figure: string; readonly previous?: boolean } | { readonly explanation: true } | null;
  openFigure(figure: string, options?: { readonly previous?: boolean }): Promise<boolean>;
  showExplanation(open?: boolean): Promise<void>;
  closeOverlays(): void;
}

export class UrlSync implements ReactiveController {
  readonly #host: UrlSyncHost;
  readonly #warn: (message: string) => void;
  /** The state the page shows (what the URL says after our own writes). */
  #state: UrlState = {};
  /** Bumped by each state applied: an older one still loading stops. */
  #gen = 0;
  /** Drill-downs or explanations being opened for a link: other open events meanwhile are their echo. */
  #opening = 0;
  /** The period and comparison the page had before any link: what a state without them means. */
  #initial?: { readonly period: string; readonly compare: string | undefined };

  constructor(host: UrlSyncHost, warn: (message: string) => void) {
    this.#host = host;
    this.#warn = warn;
    host.addController(this);
  }

  get #name(): string {
    return this.#host.syncUrl || 'crm';
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.#onUrl);
    window.addEventListener('hashchange', this.#onUrl);
    this.#host.addEventListener('crm-period-change', this.#onPeriod);
    this.#host.addEventListener('crm-compare-change', this.#onCompare);
    this.#host.addEventListener('crm-widget-open', this.#onOpen);
    this.#initial ??= { period: this.#host.period, compare: this.#host.compare || undefined };
    // A link's state is applied. A URL without our state leaves the page as it is (a profile moved
    // in the page keeps what is open, and records it).
    const state = readUrlState(location.hash, this.#name);
    if (!sameUrlState(state, {})) {
      void this.#apply(state);
      return;
    }
    this.#state = state;
    const open = this.#host.widgets().find((w) => w.openState);
    if (open) this.#record(open.widgetId, open.openState);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#onUrl);
    window.removeEventListener('hashchange', this.#onUrl);
    this.#host.removeEventListener('crm-period-change', this.#onPeriod);
    this.#host.removeEventListener('crm-compare-change', this.#onCompare);
    this.#host.removeEventListener('crm-widget-open', this.#onOpen);
  }

  #onUrl = (): void => {
    const state = readUrlState(location.hash, this.#name);
    if (!sameUrlState(state, this.#state)) void this.#apply(state);
  };

  #onPeriod = (e: Event): void => {
    const value = (e as CustomEvent<{ value?: string }>).detail?.value;
    if (typeof value === 'string') this.#push({ ...this.#state, period: value });
  };

  #onCompare = (e: Event): void => {
    const compare = (e as CustomEvent<{ compare: CompareMode | null }>).detail.compare;
    const { compare: _drop, ...rest } = this.#state;
    this.#push(compare ? { ...rest, compare } : rest);
  };

  #onOpen = (e: Event): void => {
    const { id, open } = (e as CustomEvent<{ id: string; open: WidgetLike['openState'] }>).detail;
    if (this.#opening > 0) return; // a link's drill-down opening (or an older link's, closed again)
    this.#record(id, open);
  };

  /** Widget `id` now shows `open` (or nothing). */
  #record(id: string, open: WidgetLike['openState']): void {
    const { open: current, ...rest } = this.#state;
    if (open) this.#push({ ...rest, open: 'explanation' in open ? { widget: id, explanation: true } : { widget: id, ...open } });
    else if (current?.widget === id) this.#push(rest); // this widget's overlay closed
  }

  #push(state: UrlState): void {
    if (sameUrlState(state, this.#state)) return;
    this.#state = state;
    const hash = writeUrlState(location.hash, state, this.#name);
    history.pushState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }

  /**
   * Shows `state`. What the page does in response (a drill-down opening, an overlay closing) comes
   * back as events that describe `state` itself, so they write nothing. A newer state (Back pressed
   * again meanwhile, or a change made on the page) wins: an older one stops at its next step, and
   * what it opened late is closed.
   */
  async #apply(state: UrlState): Promise<void> {
    const gen = ++this.#gen;
    // A newer link, or a change made on the page meanwhile (it replaced the state), wins.
    const current = () => gen === this.#gen && this.#state === state;
    this.#state = state;
    const host = this.#host;
    const period = state.period ?? this.#initial!.period;
    if (period !== host.period) host.period = period;
    const compare = state.compare ?? this.#initial!.compare;
    if (compare !== (host.compare || undefined)) host.compare = compare;
    // The stored layout (it may come from the adapter) decides which widgets there are.
    await host.updateComplete;
    await host.layoutComplete;
    await host.updateComplete;
    if (!current()) return;
    const widgets = host.widgets();
    for (const w of widgets) if (w.widgetId !== state.open?.widget) w.closeOverlays();
    const open = state.open;
    if (!open) return;
    const widget = widgets.find((w) => w.widgetId === open.widget);
    if (!widget) {
      this.#warn(`The link names widget "${open.widget}", which this profile does not have; nothing opened.`);
      return;
    }
    this.#opening++;
    try {
      if ('explanation' in open) {
        widget.closeOverlays();
        await widget.showExplanation(true);
      } else if (!(await widget.openFigure(open.figure, { previous: open.previous === true })) && current()) {
        this.#warn(`The link names number "${open.figure}" of widget "${open.widget}", which it does not show; nothing opened.`);
      }
    } finally {
      this.#opening--;
    }
    if (!current() && this.#state.open?.widget !== open.widget) widget.closeOverlays();
  }
}
