/**
 * Vue 3 types of the five tags for template type checking (Volar / vue-tsc), following Vue's guide
 * ("Non-Vue Web Components and TypeScript"): each tag is a `GlobalComponents` entry whose `$props`
 * are the element's settable properties (typed as on its class) and whose `$emit` lists its events.
 * In a Vue + TypeScript project, once:
 *
 *     import type {} from 'crm-profile-widgets/vue';
 *
 * Vue still has to be told that `crm-*` tags are custom elements (`compilerOptions.isCustomElement`);
 * it then sets a binding as a DOM property when the element has that property (`:adapter`,
 * `:settings`), else as an attribute (`entity-id`). Types only: importing this module registers no
 * element.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { CrmTagElements, CrmTagEvents, CrmTagName, CrmTagProps } from './elements.js';

/** A custom element as Vue's template type checker sees a component. */
export type DefineCrmElement<T extends CrmTagName> = new () => CrmTagElements[T] & {
  /** @deprecated For template type checking only: not a property of the element. */
  $props: HTMLAttributes & CrmTagProps<T> & PublicProps;
  /** @deprecated For template type checking only: not a method of the element. */
  $emit: EmitFn<{ [E in keyof CrmTagEvents[T]]: (event: CrmTagEvents[T][E]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'crm-profile': DefineCrmElement<'crm-profile'>;
    'crm-widget': DefineCrmElement<'crm-widget'>;
    'crm-period-picker': DefineCrmElement<'crm-period-picker'>;
    'crm-detail-panel': DefineCrmElement<'crm-detail-panel'>;
    'crm-widget-settings': DefineCrmElement<'crm-widget-settings'>;
  }
}
