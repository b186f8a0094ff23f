/**
 * The iframe pieces as the CDN bundle (src/cdn.ts) offers them: loaded on first use, so that a page
 * showing a profile does not download the code of `<crm-profile-frame>` and of the framed child.
 *
 * - `<crm-profile-frame>` is defined as soon as one appears in the document: present when the bundle
 *   runs, or added later (a MutationObserver on the document watches until the tag is defined). A
 *   frame created inside a shadow root is not seen: call `defineProfileFrame()` first there.
 * - `startFrameChild(options)` resolves to the same `FrameChild` as the npm function (which returns
 *   it directly; `await` works with both).
 */
import type { FrameChild, FrameChildOptions } from './frame-child.js';

const TAG = 'crm-profile-frame';

/**
 * How the frame's define module is loaded.
 * @internal Replaced by the tests to count loads.
 */
export const frameLoader = { load: (): Promise<unknown> => import('../elements/profile-frame/define.js') };

let loading: Promise<unknown> | undefined;

/** Resolves once `<crm-profile-frame>` is defined (loading its chunk the first time). */
export async function defineProfileFrame(): Promise<void> {
  if (!customElements.get(TAG)) {
    await (loading ??= frameLoader.load().then(() => customElements.whenDefined(TAG), (e: unknown) => {
      loading = undefined; // the next use tries again
      console.error(`crm-profile-widgets: <${TAG}> could not be loaded.`, e);
      throw e;
    }));
  }
}

const hasFrame = (n: Node): boolean =>
  n instanceof Element && (n.localName === TAG || n.getElementsByTagName(TAG).length > 0);

/**
 * Defines `<crm-profile-frame>` when the document has one, now or later. Returns a function that
 * stops watching (it also stops by itself once the tag is defined).
 */
export function autoDefineProfileFrame(root: Document = document): () => void {
  const observer = new MutationObserver((records) => {
    if (!records.some((r) => [...r.addedNodes].some(hasFrame))) return;
    observer.disconnect();
    void defineProfileFrame();
  });
  if (root.getElementsByTagName(TAG).length > 0) void defineProfileFrame();
  else if (!customElements.get(TAG)) observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/** The framed page's entry point (see frame-child.ts), loaded on first call. */
export function startFrameChild(options?: FrameChildOptions): Promise<FrameChild> {
  return import('./frame-child.js').then((m) => m.startFrameChild(options));
}
