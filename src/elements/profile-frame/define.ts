/** Registers `<crm-profile-frame>` (guarded: the npm build and the CDN bundle may share a page). */
import { CrmProfileFrame } from './profile-frame.js';
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';

checkExistingDefinition('crm-profile-frame', VERSION);
if (!customElements.get('crm-profile-frame')) customElements.define('crm-profile-frame', CrmProfileFrame);

declare global {
  interface HTMLElementTagNameMap {
    'crm-profile-frame': CrmProfileFrame;
  }
}
