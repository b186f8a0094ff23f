/** Registers `<crm-detail-panel>` (guarded: the npm build and the CDN bundle may share a page). */
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';
import { CrmDetailPanel } from './detail-panel.js';

export { CrmDetailPanel };

checkExistingDefinition('crm-detail-panel', VERSION);
if (!customElements.get('crm-detail-panel')) customElements.define('crm-detail-panel', CrmDetailPanel);

declare global {
  interface HTMLElementTagNameMap {
    'crm-detail-panel': CrmDetailPanel;
  }
}
