/**
 * The installable Bitrix24 application: one page that is both the application's own page (opened
 * from the Applications menu, PLACEMENT `DEFAULT`) and the handler of the contact and company
 * "Profile" tabs (`CRM_CONTACT_DETAIL_TAB`, `CRM_COMPANY_DETAIL_TAB`).
 *
 * - Installation: when the portal opens the app right after it was installed (getInitData
 *   `INSTALL`), it binds both tabs with `placement.bind` (HANDLER = this page, TITLE + LANG_ALL;
 *   b24restdocs api-reference/widgets/placement-bind.md) and calls `installFinish()`: until then the
 *   tabs do not show (sdk/bx24-js-sdk/system-functions/bx24-install-finish.md).
 * - In a tab: `PLACEMENT_OPTIONS.ID` is the contact or company id (api-reference/widgets/crm/detail-tab.md);
 *   `<crm-profile>` renders it through the Bitrix24 adapter over the frame's OAuth token.
 * - The frame height follows the content (`resizeWindow`), and links to records of the same portal
 *   open in the portal's slider (`openPath`) instead of a new tab.
 *
 * No side effects: app.ts (the page's entry) calls `start()`.
 */
import { Bitrix24Frame, placementClient } from '../../src/adapters/bitrix24/frame.js';
import { Bitrix24Client } from '../../src/adapters/bitrix24/client.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { localeFromLang } from '../../src/adapters/bitrix24/mapping.js';
import { AdapterError } from '../../src/adapters/errors.js';
import '../../src/elements/profile/define.js';

/** The placements this app binds, and the client type each shows. */
export const PLACEMENTS = ['CRM_CONTACT_DETAIL_TAB', 'CRM_COMPANY_DETAIL_TAB'] as const;

/** The tab's title per Bitrix24 language (placement.bind LANG_ALL). */
export const TAB_TITLES: Readonly<Record<string, string>> = { en: 'Profile', fr: 'Profil', de: 'Profil', ru: 'Профиль' };

type Words = 'installing' | 'installed' | 'about' | 'unsupported' | 'failed' | 'notAdmin';
const WORDS: Readonly<Record<string, Readonly<Record<Words, string>>>> = {
  en: {
    installing: 'Installing…',
    installed: 'Installed. Open a contact or a company and choose the “Profile” tab.',
    about: 'This application adds a “Profile” tab to contacts and companies. Open a contact or a company and choose that tab.',
    unsupported: 'This page was opened in a place it does not support ({placement}). Open a contact or a company and choose the “Profile” tab.',
    failed: 'The customer profile could not be shown.',
    notAdmin: 'Only a Bitrix24 administrator can finish the installation: ask one to open this application once.',
  },
  fr: {
    installing: 'Installation…',
    installed: 'Installé. Ouvrez un contact ou une société et choisissez l’onglet « Profil ».',
    about: 'Cette application ajoute un onglet « Profil » aux contacts et aux sociétés. Ouvrez un contact ou une société et choisissez cet onglet.',
    unsupported: 'Cette page a été ouverte dans un emplacement qu’elle ne gère pas ({placement}). Ouvrez un contact ou une société et choisissez l’onglet « Profil ».',
    failed: 'Le profil du client n’a pas pu être affiché.',
    notAdmin: 'Seul un administrateur Bitrix24 peut terminer l’installation : demandez-lui d’ouvrir cette application une fois.',
  },
  de: {
    installing: 'Installation…',
    installed: 'Installiert. Öffnen Sie einen Kontakt oder ein Unternehmen und wählen Sie den Tab „Profil“.',
    about: 'Diese Anwendung fügt Kontakten und Unternehmen einen Tab „Profil“ hinzu. Öffnen Sie einen Kontakt oder ein Unternehmen und wählen Sie diesen Tab.',
    unsupported: 'Diese Seite wurde an einer nicht unterstützten Stelle geöffnet ({placement}). Öffnen Sie einen Kontakt oder ein Unternehmen und wählen Sie den Tab „Profil“.',
    failed: 'Das Kundenprofil konnte nicht angezeigt werden.',
    notAdmin: 'Nur ein Bitrix24-Administrator kann die Installation abschließen: Bitten Sie ihn, diese Anwendung einmal zu öffnen.',
  },
  ru: {
    installing: 'Установка…',
    installed: 'Установлено. Откройте контакт или компанию и выберите вкладку «Профиль».',
    about: 'Это приложение добавляет вкладку «Профиль» в карточки контактов и компаний. Откройте контакт или компанию и выберите эту вкладку.',
    unsupported: 'Страница открыта в неподдерживаемом месте ({placement}). Откройте контакт или компанию и выберите вкладку «Профиль».',
    failed: 'Не удалось показать профиль клиента.',
    notAdmin: 'Завершить установку может только администратор Bitrix24: попросите его один раз открыть это приложение.',
  },
};

function words(locale: string, key: Words, vars: Record<string, string> = {}): string {
  const table = WORDS[locale.split('-')[0]!.toLowerCase()] ?? WORDS['en']!;
  return table[key].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}

const statusEl = () => document.getElementById('status');
const errorEl = () => document.getElementById('error');

function setStatus(text: string): void {
  const el = statusEl();
  if (el) el.textContent = text;
}

/** Shows an error in the page (the message of an AdapterError is written for people). */
function showError(locale: string, error: unknown): void {
  const el = errorEl();
  if (!el) return;
  const detail = error instanceof Error ? error.message : String(error);
  el.textContent = `${words(locale, 'failed')}\n${detail}`;
  el.hidden = false;
  setStatus('');
}

/**
 * The tabs' handler: this page's URL without the parameters the portal adds (DOMAIN, PROTOCOL,
 * LANG, APP_SID: detail-tab.md). A static app is installed from `install.html` (the same page, see
 * scripts/build-bitrix24.mjs), so the handler is its sibling `index.html`.
 */
export function handlerUrl(href: string = location.href): string {
  const url = new URL(href);
  for (const p of ['DOMAIN', 'PROTOCOL', 'LANG', 'APP_SID']) url.searchParams.delete(p);
  url.hash = '';
  url.pathname = url.pathname.replace(/\/install\.html$/, '/index.html');
  return url.href;
}

/** `placement.bind` parameters of one tab. */
export function bindParams(placement: string, handler: string): Record<string, unknown> {
  return {
    PLACEMENT: placement,
    HANDLER: handler,
    TITLE: TAB_TITLES['en'],
    LANG_ALL: Object.fromEntries(Object.entries(TAB_TITLES).map(([lang, title]) => [lang, { TITLE: title }])),
  };
}

async function install(frame: Bitrix24Frame, client: Bitrix24Client, locale: string): Promise<void> {
  setStatus(words(locale, 'installing'));
  const handler = handlerUrl();
  for (const placement of PLACEMENTS) {
    try {
      await client.call('placement.bind', bindParams(placement, handler));
    } catch (e) {
      // Installed again over an earlier install: the tab is already bound to this handler (inferred:
      // the portal answers with an error saying so).
      if (e instanceof Error && /already/i.test(e.message)) continue;
      // placement.bind is for administrators only (placement-bind.md).
      if (e instanceof AdapterError && e.kind === 'auth' && !frame.isAdmin) throw new Error(`${words(locale, 'notAdmin')}\n${e.message}`);
      throw e;
    }
  }
  await frame.installFinish();
  setStatus('');
  const done = document.createElement('p');
  done.className = 'installed';
  done.setAttribute('role', 'status');
  done.textContent = words(locale, 'installed');
  document.getElementById('app')?.append(done);
}

/**
 * Keeps the frame as tall as the content: a ResizeObserver on the root element, at most one
 * `resizeWindow('100%', height)` per `intervalMs`, only when the height changed. The root keeps its
 * natural height (app.css), so this also shrinks the frame (scrollHeight would never go below the
 * frame's own height).
 */
export function keepFrameFitted(frame: Bitrix24Frame, intervalMs = 100): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height <= 0 || height === last) return;
    last = height;
    frame.resizeWindow('100%', height).catch(() => {
      last = 0; // try again on the next change
    });
  };
  const observer = new ResizeObserver(() => {
    if (timer === undefined) timer = setTimeout(send, intervalMs);
  });
  observer.observe(document.documentElement);
  return () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * Opens links to records of the same portal in the portal's slider: a capture-phase click listener
 * on the document finds the `<a href>` through `composedPath()` (the elements' shadow roots are
 * open), prevents the navigation and sends `openPath(pathname + search)`. Modified clicks (new tab,
 * new window) are left to the browser; if the portal cannot open the path (e.g. the mobile app:
 * METHOD_NOT_SUPPORTED_ON_DEVICE), the link opens in a new tab.
 */
export function openRecordLinksInPortal(frame: Bitrix24Frame): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && n.hasAttribute('href'));
    if (!anchor) return;
    let url: URL;
    try {
      url = new URL(anchor.href);
    } catch {
      return;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.host !== frame.domain) return;
    event.preventDefault();
    frame.openPath(`${url.pathname}${url.search}`).catch(() => {
      window.open(url.href, '_blank', 'noopener,noreferrer');
    });
  };
  document.addEventListener('click', onClick, true);
  return () => document.removeEventListener('click', onClick, true);
}

function renderProfile(frame: Bitrix24Frame, client: Bitrix24Client, target: { type: 'contact' | 'company'; id: string }, locale: string): void {
  const profile = document.createElement('crm-profile');
  profile.entityType = target.type;
  profile.entityId = target.id;
  profile.locale = locale;
  profile.editable = true;
  // Layouts persist per portal and client type (localStorage of this page's origin).
  profile.storageKey = `bitrix24:${frame.domain}:${target.type}`;
  profile.adapter = new Bitrix24Adapter({ client, portal: frame.domain });
  profile.addEventListener('crm-error', (e) => {
    // The profile's own failure (the widgets show theirs in place).
    if (e.composedPath()[0] !== profile) return;
    showError(locale, (e as CustomEvent<{ error: unknown }>).detail?.error);
  });
  profile.addEventListener('crm-load', () => {
    errorEl()?.setAttribute('hidden', '');
  });
  setStatus('');
  document.getElementById('app')?.append(profile);
}

/** Connects to the portal and shows what the placement asks for. */
export async function start(): Promise<void> {
  let frame: Bitrix24Frame;
  try {
    frame = await Bitrix24Frame.connect();
  } catch (e) {
    showError(localeFromLang(new URL(location.href).searchParams.get('LANG')), e);
    return;
  }
  const locale = localeFromLang(frame.lang);
  document.documentElement.lang = locale;
  keepFrameFitted(frame);
  openRecordLinksInPortal(frame);
  const client = new Bitrix24Client({ transport: frame.transport() });
  try {
    if (frame.placement === 'DEFAULT') {
      if (frame.installing) await install(frame, client, locale);
      else setStatus(words(locale, 'about'));
      return;
    }
    const target = placementClient(frame.placement, frame.placementOptions);
    if (!target) {
      setStatus('');
      showError(locale, new Error(words(locale, 'unsupported', { placement: frame.placement })));
      return;
    }
    renderProfile(frame, client, target, locale);
  } catch (e) {
    showError(locale, e);
  }
}

