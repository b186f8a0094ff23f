import { CrmWidget } from './widget.js';
import { checkExistingDefinition } from '../base.js';
import { VERSION } from '../../version.js';

checkExistingDefinition('crm-widget', VERSION);
if (!customElements.get('crm-widget')) customElements.define('crm-widget', CrmWidget);

declare global {
  interface HTMLElementTagNameMap {
    'crm-widget': CrmWidget;
  }
}
