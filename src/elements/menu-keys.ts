/**
 * Keyboard handling of an open menu (WAI-ARIA APG menu button): arrows move with wrap-around,
 * Home/End jump, Escape closes and returns focus to the button, Tab closes and lets focus move on.
 * Shared by the widget's gear menu and the profile's add-widget menu.
 */
export function onMenuKeydown(
  e: KeyboardEvent, items: readonly HTMLElement[], active: Element | null, close: (restoreFocus: boolean) => void,
): void {
  const i = items.indexOf(active as HTMLElement);
  const go = (n: number) => items[(n + items.length) % items.length]?.focus();
  switch (e.key) {
    case 'ArrowDown': e.preventDefault(); go(i + 1); break;
    case 'ArrowUp': e.preventDefault(); go(i - 1); break;
    case 'Home': e.preventDefault(); go(0); break;
    case 'End': e.preventDefault(); go(items.length - 1); break;
    case 'Escape': e.preventDefault(); e.stopPropagation(); close(true); break;
    case 'Tab': close(false); break;
  }
}
