/**
 * crm-profile-widgets — public entry. Importing it registers the elements
 * (`<crm-profile>`, `<crm-widget>`, `<crm-period-picker>`, and the internal but documented
 * `<crm-detail-panel>` and `<crm-widget-settings>`) and exports their classes, the pure core
 * and the adapters.
 */
import './elements/profile/define.js';
import './elements/widget/define.js';
import './elements/period-picker/define.js';
import './elements/detail-panel/define.js';
import './elements/widget-settings/define.js';
import './elements/profile-frame/define.js';

export * from './core/index.js';
export * from './adapters/index.js';
export { CrmProfile, type LayoutChangeDetail } from './elements/profile/profile.js';
export { CrmWidget, type WidgetActionDetail, type WidgetSettingsChangeDetail } from './elements/widget/widget.js';
export { CrmPeriodPicker, type PeriodChangeDetail } from './elements/period-picker/period-picker.js';
export { CrmDetailPanel } from './elements/detail-panel/detail-panel.js';
export { CrmWidgetSettings } from './elements/widget-settings/widget-settings.js';
export * from './embed/index.js';
export * from './widgets/types.js';
export * from './widgets/choices.js';
export { WIDGET_CATALOG, widgetTitle } from './widgets/catalog.js';
export { defaultLayout, normalizeLayout, sanitizeSettings } from './widgets/layout.js';
export { LayoutStore } from './controllers/layout-store.js';
export { profileContext, type ProfileContext } from './context/index.js';
export { msg, normalizeLocale } from './i18n/index.js';
export { VERSION } from './version.js';
