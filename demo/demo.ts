import '../src/elements/profile/define.js';
import '../src/elements/widget/define.js';
import '../src/elements/period-picker/define.js';

// The standalone picker drives the standalone widget: attributes only, wired by one listener.
const picker = document.getElementById('picker')!;
const widget = document.getElementById('alone')!;
picker.addEventListener('crm-period-change', (e) => {
  widget.setAttribute('period', (e as CustomEvent<{ value: string }>).detail.value);
});
