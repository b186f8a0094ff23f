/**
 * The profile's edit mode, a chunk of its own: loaded only by an `editable` profile (as it connects,
 * or when it becomes editable), so that read-only profiles — most CMS pages — never fetch it.
 *
 * - The toolbar's "+ Add widget" menu button (WAI-ARIA APG menu button) and "Edit layout" toggle.
 * - In edit mode, a drag handle per widget: arrows move it, Home / End to the first / last place,
 *   Delete removes it; pointer drag and drop moves it too.
 * - The gear menu's Move up / Move down / Remove (`crm-widget-action`), and the undo bar after a removal.
 *
 * Each change goes through the host's `commit` (stored, `crm-layout-change`) and is announced.
 */
import '../../i18n/en-overlays.js'; // the words of this chunk
import { html, nothing, type ReactiveElement, type TemplateResult } from 'lit';
import { msg } from '../../i18n/index.js';
import { addWidget, moveWidget, removeWidget } from '../../widgets/layout.js';
import { widgetTitle } from '../../widgets/catalog.js';
import { MAX_WIDGETS, SYSTEM_WIDGET, WIDGET_TYPES, type Layout, type LayoutItem, type WidgetType } from '../../widgets/types.js';
import type { WidgetActionDetail } from '../widget/widget.js';
import { onMenuKeydown } from '../menu-keys.js';
export { editorStyles as styles } from './editor.styles.js';
import type { LayoutChangeDetail } from './profile.js';

/**
 * `<crm-profile>` as its edit mode sees it: its public members and the state it shares with it
 * (private in the class; the profile passes itself, as the widget to its interactions).
 */
export interface ProfileInternals extends ReactiveElement {
  readonly layout: Layout;
  readonly editable: boolean;
  readonly variant: string;
  readonly _locale: string;
  editing: boolean;
  /** Stores the layout and fires `crm-layout-change`. */
  _commit(layout: Layout, reason: LayoutChangeDetail['reason']): void;
}

export class ProfileEditor {
  readonly #host: ProfileInternals;
  #addOpen = false;
  /** The layout before the last removal, for Undo (any other change makes it stale). */
  #undo?: { layout: Layout; title: string };
  #dragId?: string;
  /** What the polite live region (rendered with `help`) says: the last change made. */
  #announcement = '';

  constructor(host: ProfileInternals) {
    this.#host = host;
    // The gear menus' Move and Remove, from the widgets of the grid (in the profile's shadow root).
    const root = host.renderRoot;
    root.addEventListener('crm-widget-action', this.#onWidgetAction as EventListener);
    // Pointer drag and drop onto a widget's cell, while the edit mode is in force (offline, the profile leaves it).
    for (const type of ['dragover', 'drop']) root.addEventListener(type, this.#onDrag as EventListener);
    host.requestUpdate(); // the profile renders its edit tools, and gives its widgets their gear menus
  }

  get #root() {
    return this.#host.renderRoot;
  }

  get #addButton() {
    return this.#root.querySelector<HTMLButtonElement>('.add-button');
  }

  #announce(text: string) {
    this.#announcement = text;
    this.#host.requestUpdate();
  }

  #focusLater(find: () => HTMLElement | null | undefined) {
    void this.#host.updateComplete.then(() => find()?.focus());
  }

  /** Called by the profile for every layout change but a removal (and a layout from another tab): Undo goes. */
  forgetUndo() {
    if (!this.#undo) return;
    this.#undo = undefined;
    this.#host.requestUpdate();
  }

  #title(id: string): string {
    const item = this.#host.layout.items.find((i) => i.id === id);
    return item ? widgetTitle(item.type, item.settings, this.#host._locale) : id;
  }

  #move(id: string, to: number, focusHandle: boolean) {
    const layout = this.#host.layout;
    const from = layout.items.findIndex((i) => i.id === id);
    if (from < 0) return;
    const next = moveWidget(layout, id, to);
    if (next === layout || next.items.findIndex((i) => i.id === id) === from) return;
    this.#host._commit(next, 'move');
    const position = next.items.findIndex((i) => i.id === id) + 1;
    this.#announce(msg(this.#host._locale, 'widget.moved', { title: this.#title(id), position: String(position), count: String(next.items.length) }));
    this.#focusLater(() => {
      const w = this.#root.querySelector<HTMLElement>(`crm-widget[widget-id="${CSS.escape(id)}"]`);
      return focusHandle ? this.#root.querySelector<HTMLElement>(`.handle[data-id="${CSS.escape(id)}"]`) : w?.shadowRoot?.querySelector<HTMLElement>('.menu-button') ?? w;
    });
  }

  #remove(id: string) {
    const title = this.#title(id);
    const before = this.#host.layout;
    const index = before.items.findIndex((i) => i.id === id);
    const next = removeWidget(before, id);
    if (next === before) return;
    this.#host._commit(next, 'remove');
    this.#undo = { layout: before, title };
    this.#announce(msg(this.#host._locale, 'widget.removed', { title }));
    // Focus goes to the undo button, else the widget that took its place.
    this.#focusLater(() => {
      const ws = this.#root.querySelectorAll<HTMLElement>('crm-widget');
      return this.#root.querySelector<HTMLElement>('.undo button') ?? ws[Math.min(index, ws.length - 1)];
    });
  }

  #add(type: WidgetType) {
    this.#addOpen = false;
    this.#host.requestUpdate();
    const layout = this.#host.layout;
    if (layout.items.length >= MAX_WIDGETS) return;
    const next = addWidget(layout, type);
    this.#host._commit(next, 'add');
    const added = next.items.at(-1)!;
    this.#announce(msg(this.#host._locale, 'widget.added', { title: widgetTitle(type, {}, this.#host._locale) }));
    this.#focusLater(() => {
      const w = this.#root.querySelector<HTMLElement>(`crm-widget[widget-id="${CSS.escape(added.id)}"]`);
      w?.scrollIntoView?.({ block: 'nearest' });
      return w?.shadowRoot?.querySelector<HTMLElement>('.menu-button') ?? this.#addButton;
    });
  }

  #restore() {
    if (!this.#undo) return;
    const { layout } = this.#undo;
    this.#undo = undefined;
    this.#host._commit(layout, 'undo');
    this.#addButton?.focus();
  }

  /** `crm-widget-action` from a widget's gear menu. */
  #onWidgetAction = (e: CustomEvent<WidgetActionDetail>) => {
    e.stopPropagation();
    const { id, action } = e.detail;
    const index = this.#host.layout.items.findIndex((i) => i.id === id);
    if (action === 'remove') this.#remove(id);
    else this.#move(id, action === 'move-up' ? index - 1 : index + 1, false);
  };

  // ---- add-widget menu (APG menu button) ---------------------------------------------------------

  #addItems(): HTMLElement[] {
    return [...this.#root.querySelectorAll<HTMLElement>('.add-menu [role="menuitem"]')];
  }

  #openAdd(focus: 'first' | 'last') {
    this.#addOpen = true;
    this.#host.requestUpdate();
    this.#focusLater(() => (focus === 'first' ? this.#addItems()[0] : this.#addItems().at(-1)));
  }

  #closeAdd(restoreFocus: boolean) {
    this.#addOpen = false;
    this.#host.requestUpdate();
    if (restoreFocus) this.#addButton?.focus();
  }

  #onAddButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.#openAdd(e.key === 'ArrowDown' ? 'first' : 'last');
    } else if (e.key === 'Escape' && this.#addOpen) this.#closeAdd(true);
  };

  #onAddMenuKey = (e: KeyboardEvent) => {
    const root = this.#root as ShadowRoot;
    onMenuKeydown(e, this.#addItems(), root.activeElement, (restore) => this.#closeAdd(restore));
  };

  #onAddFocusOut = (e: FocusEvent) => {
    const to = e.relatedTarget as Node | null;
    if (!to || !this.#root.contains(to) || !(to as HTMLElement).closest?.('.add')) {
      this.#addOpen = false;
      this.#host.requestUpdate();
    }
  };

  // ---- keyboard and pointer reordering ----------------------------------------------------------

  #onHandleKey(e: KeyboardEvent, id: string) {
    const items = this.#host.layout.items;
    const index = items.findIndex((i) => i.id === id);
    const rtl = getComputedStyle(this.#host).direction === 'rtl';
    const back = ['ArrowUp', rtl ? 'ArrowRight' : 'ArrowLeft'];
    const fwd = ['ArrowDown', rtl ? 'ArrowLeft' : 'ArrowRight'];
    if (back.includes(e.key)) { e.preventDefault(); this.#move(id, index - 1, true); }
    else if (fwd.includes(e.key)) { e.preventDefault(); this.#move(id, index + 1, true); }
    else if (e.key === 'Home') { e.preventDefault(); this.#move(id, 1, true); }
    else if (e.key === 'End') { e.preventDefault(); this.#move(id, items.length - 1, true); }
    else if (e.key === 'Delete') { e.preventDefault(); this.#remove(id); }
  }

  #onDragStart(e: DragEvent, id: string) {
    this.#dragId = id;
    e.dataTransfer?.setData('text/plain', id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  /** `dragover` and `drop` in the profile: on a widget's cell of the grid, in edit mode (not in a card), handled. */
  #onDrag = (e: DragEvent) => {
    const host = this.#host;
    if (!host.editing || !host.editable || host.variant === 'card') return;
    const id = (e.target as Element).closest<HTMLElement>('.grid > .cell')?.dataset.id;
    const item = host.layout.items.find((i) => i.id === id);
    if (item) this[e.type === 'drop' ? 'drop' : 'dragOver'](e, item);
  };

  /** `dragover` on a cell: only another widget's cell takes the drop. */
  dragOver(e: DragEvent, item: LayoutItem) {
    if (item.type !== SYSTEM_WIDGET) e.preventDefault();
  }

  drop(e: DragEvent, target: LayoutItem) {
    e.preventDefault();
    const id = this.#dragId ?? e.dataTransfer?.getData('text/plain');
    this.#dragId = undefined;
    if (!id || id === target.id) return;
    this.#move(id, this.#host.layout.items.findIndex((i) => i.id === target.id), true);
  }

  // ---- rendering --------------------------------------------------------------------------------

  /** The toolbar's add-widget menu button and the edit-layout toggle. */
  tools(locale: string): TemplateResult {
    const full = this.#host.layout.items.length >= MAX_WIDGETS;
    const open = this.#addOpen;
    return html`<div class="add">
        <button class="tool add-button" aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'} ?disabled=${full}
          title=${full ? msg(locale, 'widget.limit', { count: String(MAX_WIDGETS) }) : ''} aria-controls="add-menu"
          @click=${() => (open ? this.#closeAdd(true) : this.#openAdd('first'))}
          @keydown=${this.#onAddButtonKey}>+ ${msg(locale, 'action.addWidget')}</button>
        ${open ? html`<div id="add-menu" class="add-menu" role="menu" aria-label=${msg(locale, 'action.addWidget')}
          @keydown=${this.#onAddMenuKey} @focusout=${this.#onAddFocusOut}>
          ${WIDGET_TYPES.filter((t) => t !== SYSTEM_WIDGET).map((t) => html`<button role="menuitem" tabindex="-1"
            @click=${() => this.#add(t)}>${widgetTitle(t, {}, locale)}</button>`)}
        </div>` : nothing}
      </div>
      <button class="tool" aria-pressed=${this.#host.editing ? 'true' : 'false'} @click=${() => (this.#host.editing = !this.#host.editing)}>
        ${msg(locale, this.#host.editing ? 'action.doneEditing' : 'action.editLayout')}</button>`;
  }

  /** After a removal: what was removed, and Undo. */
  undoBar(locale: string): TemplateResult | typeof nothing {
    return this.#undo ? html`<div class="undo"><span>${msg(locale, 'widget.removed', { title: this.#undo.title })}</span>
      <button @click=${() => this.#restore()}>${msg(locale, 'action.undo')}</button></div>` : nothing;
  }

  /** What the handles' keys do (their description, for screen readers). */
  /** The handles' help text, and the live region that announces each change (only the edit mode makes any). */
  help(locale: string): TemplateResult {
    return html`<p id="reorder-help" class="visually-hidden">${msg(locale, 'reorder.help')}</p>
      <div class="visually-hidden" role="status" aria-live="polite">${this.#announcement}</div>`;
  }

  /** In edit mode, the drag handle of a widget (none for the system widget). */
  handle(item: LayoutItem, locale: string): TemplateResult | typeof nothing {
    if (!this.#host.editing || item.type === SYSTEM_WIDGET) return nothing;
    return html`<button class="handle" data-id=${item.id} draggable="true"
      aria-label=${`${msg(locale, 'action.moveUp')} / ${msg(locale, 'action.moveDown')}: ${widgetTitle(item.type, item.settings, locale)}`}
      aria-describedby="reorder-help"
      @dragstart=${(e: DragEvent) => this.#onDragStart(e, item.id)}
      @keydown=${(e: KeyboardEvent) => this.#onHandleKey(e, item.id)}>⠿</button>`;
  }
}
