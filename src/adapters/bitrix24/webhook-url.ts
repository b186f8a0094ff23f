/**
 * Checks a Bitrix24 incoming-webhook URL: `WebhookTransport` (client.ts) parses it when the adapter
 * is created (for `source="bitrix24:…"`, on its first use). The URL is a credential and never
 * appears in a message.
 */
import { AdapterError } from '../errors.js';

const WEBHOOK_PATH = /^\/rest\/(\d+)\/([A-Za-z0-9_-]+)\/?$/;

/** localhost, 127.x.x.x or [::1]. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export interface WebhookUrl {
  /** `https://portal.bitrix24.com/rest/1/code/`: where method calls go (a credential). */
  readonly base: string;
  /** The webhook code (a credential). */
  readonly code: string;
  /** The portal host, safe to show. */
  readonly host: string;
}

/** Parses a webhook URL; throws the `invalid-data` AdapterError (which never quotes the URL) when it is not one. */
export function parseWebhookUrl(webhookUrl: string): WebhookUrl {
  const invalid = (why: string) =>
    new AdapterError(
      'invalid-data',
      `The Bitrix24 webhook URL is not valid: ${why}. Expected https://<portal>/rest/<user id>/<webhook code>/.`,
      { field: 'webhookUrl' },
    );
  let url: URL;
  try {
    url = new URL(String(webhookUrl).trim());
  } catch {
    throw invalid('it is not a URL');
  }
  // Plain http only on this machine (the loopback emulator): anywhere else the code would travel in clear.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw invalid('it must start with https://');
  if (url.username || url.password) throw invalid('it must not contain a user name or password');
  if (url.search || url.hash) throw invalid('it must not have a query string or fragment');
  const m = WEBHOOK_PATH.exec(url.pathname);
  if (!m) throw invalid('the path must be /rest/<user id>/<webhook code>/');
  const code = m[2] as string;
  return { base: `${url.origin}/rest/${m[1] as string}/${code}/`, code, host: url.host };
}
