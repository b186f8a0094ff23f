import { CrmWidgetSettings } from './widget-settings.js';
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';

checkExistingDefinition('crm-widget-settings', VERSION);
if (!customElements.get('crm-widget-settings')) customElements.define('crm-widget-settings', CrmWidgetSettings);

declare global {
  interface HTMLElementTagNameMap {
    'crm-widget-settings': CrmWidgetSettings;
  }
}
