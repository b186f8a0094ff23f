/**
 * Demo of `<crm-profile-frame>`: the controls set the element's attributes (the child follows by a
 * fragment change, no reload); the height output shows each `crm-frame-resize`. "Other host name"
 * loads the child from 127.0.0.1 when the page is on localhost (and back), a different origin: the
 * element then accepts heights from that origin only (the default allowed-origin is src's).
 */
import '../src/elements/profile-frame/define.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const frame = $('frame') as HTMLElementTagNameMap['crm-profile-frame'];
const client = $<HTMLSelectElement>('client');
const period = $<HTMLSelectElement>('period');
const locale = $<HTMLSelectElement>('locale');
const theme = $<HTMLSelectElement>('theme');
const otherOrigin = $<HTMLInputElement>('other-origin');
const output = $<HTMLOutputElement>('height');

const childPath = new URL('./frame-child.html?source=demo', location.href);

function otherHostSrc(): string {
  const url = new URL(childPath);
  url.hostname = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return url.href;
}

client.addEventListener('change', () => {
  const [type, id] = client.value.split(':') as [string, string];
  frame.setAttribute('entity-type', type);
  frame.setAttribute('entity-id', id);
});
period.addEventListener('change', () => frame.setAttribute('period', period.value));
locale.addEventListener('change', () => frame.setAttribute('locale', locale.value));
theme.addEventListener('change', () => {
  frame.setAttribute('theme', theme.value);
  frame.closest('section')?.classList.toggle('dark', theme.value === 'dark');
});
otherOrigin.addEventListener('change', () => {
  frame.setAttribute('src', otherOrigin.checked ? otherHostSrc() : childPath.href);
});
frame.addEventListener('crm-frame-resize', (e) => {
  output.value = `height: ${(e as CustomEvent<{ height: number }>).detail.height} px`;
});
