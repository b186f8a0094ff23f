import '../src/elements/profile/define.js';

// The emulator answers on this dev server (vite.config.ts mounts it at /rest/ and /__emulator/).
const profile = document.getElementById('b24')!;
profile.setAttribute('source', `bitrix24:${location.origin}/rest/1/demo-webhook-code/`);

const output = document.getElementById('requests')!;
async function showStats(): Promise<void> {
  const res = await fetch('/__emulator/stats');
  if (!res.ok) return;
  const { requests } = (await res.json()) as { requests: number };
  output.textContent = `HTTP requests so far: ${requests}`;
}
profile.addEventListener('crm-load', () => void showStats());
profile.addEventListener('crm-error', () => void showStats());

for (const button of document.querySelectorAll<HTMLButtonElement>('.emulator-controls button')) {
  button.addEventListener('click', async () => {
    const reset = button.hasAttribute('data-reset');
    await fetch(reset ? '/__emulator/reset' : '/__emulator/faults', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: reset ? '{}' : button.dataset['fault']!,
    });
    await showStats();
  });
}
