import { LitElement } from 'lit';

const warned = new Set<string>();

/** Base of every element: warns once per message instead of throwing on bad input (Vaadin's rule). */
export class CrmElement extends LitElement {
  /** `console.warn` once per distinct message and element type. */
  protected warnOnce(message: string): void {
    const key = `${this.localName}|${message}`;
    if (warned.has(key)) return;
    warned.add(key);
    console.warn(`<${this.localName}>: ${message}`);
  }
}

/**
 * Reports (once) when a tag is already defined by another copy of the suite, e.g. the npm build and
 * the CDN bundle on one page. Call it from a define module before the guarded, literal
 * `customElements.define('crm-x', CrmX)` (the literal call keeps the manifest analyzer able to see it).
 */
export function checkExistingDefinition(tag: string, version: string): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  const key = `define|${existing?.version ?? '?'}|${version}`;
  // One report per copy of the suite, not one per tag.
  if (existing && existing.version !== version && !warned.has(key)) {
    warned.add(key);
    console.warn(`crm-profile-widgets ${version} is loaded on a page where crm-profile-widgets ${existing.version ?? '(unknown version)'} already defined the elements (<${tag}>, …); this copy is not registered.`);
  }
}

/** The focused element, looking through open shadow roots (the opener an overlay returns focus to). */
export function deepActiveElement(): HTMLElement | undefined {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : undefined;
}
