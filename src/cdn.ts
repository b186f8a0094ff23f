/**
 * The entry of the CDN bundle (`cdn/crm-profile.js`, one `<script type="module">` for any page):
 * registers the elements and exports what a page script may want. Unlike the npm entry
 * (`index.ts`) it does not export the adapter classes and the demo generator, so that they stay
 * out of the first load: `source="…"` loads its adapter lazily (`adapterForSource(s).load()` gives
 * the real one). chart.js is a lazy chunk as well. Applications that need the classes use the npm
 * package.
 *
 * The widget's overlays, `<crm-detail-panel>` and `<crm-widget-settings>`, are lazy chunks too:
 * `<crm-widget>` defines them on first open (drill-down, gear → Settings; elements/overlays.ts), so
 * this entry does not import their define modules nor export their classes (types only; after
 * first use `customElements.get('crm-detail-panel')` gives the class).
 *
 * The iframe pieces are lazy as well (embed/lazy.ts): `<crm-profile-frame>` is defined when one
 * appears in the document (or on `defineProfileFrame()`), and `startFrameChild()` loads the child's
 * code and resolves to its `FrameChild`. The protocol's constants stay in the npm entry (a host script
 * writes the message's literal `{ type: 'crm-profile:height', version: 1, height }`).
 */
import './elements/profile/define.js';
import './elements/widget/define.js';
import './elements/period-picker/define.js';

export { CrmProfile, type LayoutChangeDetail } from './elements/profile/profile.js';
export { CrmWidget, type WidgetActionDetail, type WidgetSettingsChangeDetail } from './elements/widget/widget.js';
export { CrmPeriodPicker, type PeriodChangeDetail } from './elements/period-picker/period-picker.js';
export type { CrmDetailPanel } from './elements/detail-panel/detail-panel.js';
export type { CrmWidgetSettings } from './elements/widget-settings/widget-settings.js';
export type { CrmProfileFrame, FrameResizeDetail } from './elements/profile-frame/profile-frame.js';
export type { FrameChild, FrameChildOptions } from './embed/frame-child.js';
export type { FrameParams, HeightMessage } from './embed/frame-protocol.js';
export { defineProfileFrame, startFrameChild } from './embed/lazy.js';
import { autoDefineProfileFrame } from './embed/lazy.js';

autoDefineProfileFrame();
export { adapterForSource, SourceError, type SourceAdapter } from './adapters/sources.js';
export { AdapterError, isAdapterError } from './adapters/errors.js';
export type { CrmAdapter } from './adapters/adapter.js';
export { VERSION } from './version.js';
