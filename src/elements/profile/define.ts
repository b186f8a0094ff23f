import { CrmProfile } from './profile.js';
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';

checkExistingDefinition('crm-profile', VERSION);
if (!customElements.get('crm-profile')) customElements.define('crm-profile', CrmProfile);

declare global {
  interface HTMLElementTagNameMap {
    'crm-profile': CrmProfile;
  }
}
