/** Registers `<crm-period-picker>` (guarded: the npm build and the CDN bundle may share a page). */
import { CrmPeriodPicker } from './period-picker.js';
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';

checkExistingDefinition('crm-period-picker', VERSION);
if (!customElements.get('crm-period-picker')) customElements.define('crm-period-picker', CrmPeriodPicker);

declare global {
  interface HTMLElementTagNameMap {
    'crm-period-picker': CrmPeriodPicker;
  }
}
