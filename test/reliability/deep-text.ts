/**
 * What the reliability suites read of the page, through shadow roots: the text a user or a screen
 * reader gets (text nodes plus the accessible attributes and input values).
 */

const ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext', 'aria-valuenow', 'aria-valuemax', 'aria-valuemin'];

/** The text a user or a screen reader gets: text nodes through shadow roots, plus accessible attributes and input values. */
export function deepText(root: Element): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push((node as Text).data);
      return;
    }
    if (node instanceof Element) {
      if (node.localName === 'style' || node.localName === 'script') return;
      for (const a of ATTRIBUTES) {
        const v = node.getAttribute(a);
        if (v) parts.push(v);
      }
      if (node instanceof HTMLInputElement && node.type !== 'hidden') parts.push(node.value);
      if (node.shadowRoot) for (const n of node.shadowRoot.childNodes) visit(n);
    }
    for (const n of node.childNodes) visit(n);
  };
  visit(root);
  return parts.join(' ');
}
