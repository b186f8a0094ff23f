import { adoptStyles, LitElement, supportsAdoptingStyleSheets, type CSSResult } from 'lit';
import { pendingMessages, rerendered } from '../i18n/index.js';

const warned = new Set<string>();

/** `console.warn(text)` once per page and `key`. */
function warnOnceBy(text: string, key = text): void {
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(text);
  }
}

/**
 * Base of every element: warns once per message instead of throwing on bad input (Vaadin's rule),
 * and re-renders when a message table (loaded on first use, e.g. French) arrives; `updateComplete`
 * waits for the tables still loading, so that it resolves on the translated rendering.
 */
export class CrmElement extends LitElement {
  /** Code of the element's own still loading (its lazy parts): `updateComplete` waits for it. */
  #loading = new Set<Promise<unknown>>();

  override connectedCallback(): void {
    super.connectedCallback();
    rerendered.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    rerendered.delete(this);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    // (Neither a table's load nor a registered part rejects.)
    for (let pending; (pending = pendingMessages() ?? this.#loading.values().next().value);) {
      await pending;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  /**
   * Registers the loading of a lazy part of the element (a chunk and what is done with it): until it
   * settles, `updateComplete` resolves only after it and the update it causes.
   */
  protected whileLoading<T>(work: Promise<T>): Promise<T> {
    const settled = work.catch(() => undefined).finally(() => this.#loading.delete(settled));
    this.#loading.add(settled);
    return work;
  }

  /** The lazy parts loaded or loading, by name (`loadPart`). */
  #parts = new Map<string, Promise<unknown>>();

  /**
   * A lazy part of the element (a chunk exporting its `styles`), loaded once: `load` imports the
   * chunk, its styles are adopted after the element's own and `make` builds the part from it (the
   * caller keeps it for synchronous use); `updateComplete` waits meanwhile. A chunk that does not
   * load: `failed(cause)`, `undefined`, and the next call tries again.
   */
  protected loadPart<M extends { readonly styles: CSSResult }, P>(
    name: string, load: () => Promise<M>, make: (chunk: M) => P, failed: (cause: unknown) => void,
  ): Promise<P | undefined> {
    let part = this.#parts.get(name) as Promise<P | undefined> | undefined;
    if (!part) {
      this.#parts.set(name, (part = this.whileLoading(load().then((chunk) => {
        adoptMoreStyles(this.renderRoot as ShadowRoot, chunk.styles);
        return make(chunk);
      }, (cause: unknown) => {
        this.#parts.delete(name);
        failed(cause);
        return undefined;
      }))));
    }
    return part;
  }

  /** `console.warn` once per distinct message and element type. */
  protected warnOnce(message: string): void {
    warnOnceBy(`<${this.localName}>: ${message}`);
  }
}

/**
 * Reports (once, with `console.warn`) when a tag is already defined by another copy of the suite,
 * e.g. the npm build and the CDN bundle on one page. Call it from a define module before the guarded,
 * literal `customElements.define('crm-x', CrmX)` (the literal call keeps the manifest analyzer able
 * to see it). The report's words are a chunk (./two-copies.ts), loaded only then: when it cannot load,
 * the console names it ("…/two-copies-….js" failed to load) and the page works as before.
 */
export function checkExistingDefinition(tag: string, version: string): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  // One report per copy of the suite, not one per tag (in the order the tags were checked).
  if (existing && existing.version !== version) void import('./two-copies.js').then((m) => m.reportCopy(tag, version, existing.version));
}

/**
 * Dispatches the suite's event `type` from `el`: a `CustomEvent` with `detail` that bubbles out of
 * shadow roots (`cancelable` for those a host may cancel). False when a listener cancelled it.
 */
export const fire = <T>(el: EventTarget, type: string, detail: T, cancelable = false): boolean =>
  el.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable }));

/** Adds the style sheet of a lazy part (e.g. a popup's chunk) to an element's shadow root, after its own. */
export function adoptMoreStyles(root: ShadowRoot, sheet: CSSResult): void {
  if (supportsAdoptingStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet.styleSheet!];
  else adoptStyles(root, [sheet]); // <style> elements added after the element's own
}
