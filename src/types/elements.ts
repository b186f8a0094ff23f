/**
 * Framework-neutral typing of the five tags, shared by the React (`./react.ts`) and Vue (`./vue.ts`)
 * declarations: which public properties a template may set (their types come from the element
 * classes) and which events each tag dispatches (their `detail` types come from the elements too).
 * Types only: importing this module registers nothing.
 */
import type { Client } from '../core/model.js';
import type { CrmProfile, LayoutChangeDetail } from '../elements/profile/profile.js';
import type { CrmWidget, WidgetActionDetail, WidgetSettingsChangeDetail } from '../elements/widget/widget.js';
import type { CrmPeriodPicker, PeriodChangeDetail } from '../elements/period-picker/period-picker.js';
import type { CrmDetailOpenDetail, CrmDetailPanel, CrmRecordOpenDetail } from '../elements/detail-panel/detail-panel.js';
import type { CrmWidgetSettings, WidgetSettingsSaveDetail } from '../elements/widget-settings/widget-settings.js';
import type { WidgetType } from '../widgets/types.js';

/** `crm-load` of a widget (also heard on its `<crm-profile>`, the event bubbles and is composed). */
export type WidgetLoadEvent = CustomEvent<{ id: string; type: WidgetType }>;
/** `crm-error` of a widget (also heard on its `<crm-profile>`). */
export type WidgetErrorEvent = CustomEvent<{ id: string; error: Error }>;

/**
 * The properties a template may set on each tag, as in `custom-elements.json` (read-only getters such
 * as `context` or `period` of the picker are left out). `Pick` makes a misspelt or removed name an error.
 */
export interface CrmTagProperties {
  'crm-profile': keyof Pick<CrmProfile, 'entityType' | 'entityId' | 'period' | 'locale' | 'currency' | 'timeZone' | 'theme'
    | 'editable' | 'storageKey' | 'source' | 'loadTarget' | 'adapter' | 'layout'>;
  'crm-widget': keyof Pick<CrmWidget, 'type' | 'widgetId' | 'settings' | 'entityType' | 'entityId' | 'period' | 'locale'
    | 'timeZone' | 'currency' | 'source' | 'adapter' | 'theme' | 'editing'>;
  'crm-period-picker': keyof Pick<CrmPeriodPicker, 'value' | 'presets' | 'locale' | 'timeZone' | 'disabled' | 'open' | 'now'
    | 'theme'>;
  'crm-detail-panel': keyof Pick<CrmDetailPanel, 'adapter' | 'kind' | 'filter' | 'heading' | 'periodLabel' | 'locale'
    | 'timeZone' | 'currency' | 'rates' | 'theme'>;
  'crm-widget-settings': keyof Pick<CrmWidgetSettings, 'type' | 'settings' | 'reference' | 'locale' | 'theme'>;
}

/** The element class of each tag. */
export interface CrmTagElements {
  'crm-profile': CrmProfile;
  'crm-widget': CrmWidget;
  'crm-period-picker': CrmPeriodPicker;
  'crm-detail-panel': CrmDetailPanel;
  'crm-widget-settings': CrmWidgetSettings;
}

/** Events of `<crm-period-picker>`. */
export interface CrmPeriodPickerEvents {
  /** The user picked another period (never when the host sets `value`). */
  'crm-period-change': CustomEvent<PeriodChangeDetail>;
}

/** Events of `<crm-detail-panel>`. */
export interface CrmDetailPanelEvents {
  'crm-detail-open': CustomEvent<CrmDetailOpenDetail>;
  /** Cancelable: `preventDefault()` stops the navigation (to open the record in the host instead). */
  'crm-record-open': CustomEvent<CrmRecordOpenDetail>;
  close: Event;
}

/** Events of `<crm-widget-settings>`. */
export interface CrmWidgetSettingsEvents {
  'crm-widget-settings-change': CustomEvent<WidgetSettingsSaveDetail>;
  close: Event;
}

/** Events of `<crm-widget>`, with those of its detail panel that bubble out of it. */
export interface CrmWidgetEvents {
  'crm-widget-settings-change': CustomEvent<WidgetSettingsChangeDetail>;
  'crm-widget-action': CustomEvent<WidgetActionDetail>;
  'crm-load': WidgetLoadEvent;
  'crm-error': WidgetErrorEvent;
  'crm-detail-open': CustomEvent<CrmDetailOpenDetail>;
  'crm-record-open': CustomEvent<CrmRecordOpenDetail>;
}

/**
 * Events heard on `<crm-profile>`: its own, and those of its widgets that bubble out of it. `crm-load`
 * and `crm-error` come from the profile (header: `client` / `error`) and from each widget (`id`), so
 * their `detail` is a union: check `'client' in e.detail`, or `e.target === profile`.
 */
export interface CrmProfileEvents {
  'crm-layout-change': CustomEvent<LayoutChangeDetail>;
  'crm-period-change': CustomEvent<PeriodChangeDetail>;
  'crm-load': CustomEvent<{ client: Client }> | WidgetLoadEvent;
  'crm-error': CustomEvent<{ error: Error }> | WidgetErrorEvent;
  'crm-widget-settings-change': CustomEvent<WidgetSettingsChangeDetail>;
  'crm-detail-open': CustomEvent<CrmDetailOpenDetail>;
  'crm-record-open': CustomEvent<CrmRecordOpenDetail>;
}

/** The events of each tag. */
export interface CrmTagEvents {
  'crm-profile': CrmProfileEvents;
  'crm-widget': CrmWidgetEvents;
  'crm-period-picker': CrmPeriodPickerEvents;
  'crm-detail-panel': CrmDetailPanelEvents;
  'crm-widget-settings': CrmWidgetSettingsEvents;
}

export type CrmTagName = keyof CrmTagElements;

/** The settable properties of a tag, all optional, typed as on its element class. */
export type CrmTagProps<T extends CrmTagName> = {
  [P in CrmTagProperties[T] & keyof CrmTagElements[T]]?: CrmTagElements[T][P];
};
