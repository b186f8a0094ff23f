/**
 * Every error response of the official docs (test/fixtures/bitrix24/error.*.json), sent by a portal
 * to the Bitrix24 adapter, ends as a readable message in a widget: the kind of problem and what to
 * do, never the webhook code.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/widget/define.js';
import type { CrmWidget } from '../../src/elements/widget/widget.js';
import { Bitrix24Adapter } from '../../src/adapters/bitrix24/adapter.js';
import { Bitrix24Client, WebhookTransport, type FetchLike } from '../../src/adapters/bitrix24/client.js';

const WEBHOOK = 'https://example.bitrix24.com/rest/1/s3cr3tc0de/';

/** fixture, HTTP status the docs give, what the message must say. */
const CASES: ReadonlyArray<readonly [string, number, RegExp]> = [
  ['error.ACCESS_DENIED.commercial-plan.json', 403, /denied access.*administrator.*plan/i],
  ['error.ACCESS_DENIED.json', 400, /denied access.*administrator/i],
  ['error.INVALID_ARG_VALUE.json', 400, /rejected the .* request as invalid/i],
  ['error.INVALID_REQUEST.json', 400, /rejected the .* request as invalid.*https/i],
  ['error.NOT_FOUND.json', 400, /could not find/i],
  ['error.NO_AUTH_FOUND.json', 401, /did not accept the credentials/i],
  ['error.OPERATION_TIME_LIMIT.json', 429, /too much server time.*try again in a few minutes/i],
  ['error.OVERLOAD_LIMIT.json', 503, /blocked due to overload.*support/i],
  ['error.QUERY_LIMIT_EXCEEDED.json', 503, /too many requests.*try again/i],
  ['error.crm.activity.fields.access-denied.json', 400, /denied access/i],
  ['error.crm.deal.list.invalid-filter.json', 400, /rejected the .* request as invalid/i],
  ['error.crm.item.payment.list.json', 400, /denied access/i],
  ['error.expired_token.json', 401, /access token .* has expired.*reopen/i],
  ['error.insufficient_scope.json', 403, /lacks the "crm" permission scope/i],
];

async function body(name: string): Promise<string> {
  const res = await fetch(new URL(`../fixtures/bitrix24/${name}`, import.meta.url));
  return res.text();
}

describe('Bitrix24 errors in a widget', () => {
  for (const [name, status, expected] of CASES) {
    it(`${name} → a clear message and Retry`, async () => {
      const text = await body(name);
      const requests: string[] = [];
      const fetchStub: FetchLike = async (url) => {
        requests.push(url);
        return new Response(text, { status, headers: { 'Content-Type': 'application/json' } });
      };
      // No retries, no waits: the test is about the message.
      const client = new Bitrix24Client({ transport: new WebhookTransport(WEBHOOK, { fetch: fetchStub }), retries: 0, sleep: async () => {} });
      const adapter = new Bitrix24Adapter({ client, onIssue: () => {} });
      const el = await fixture<CrmWidget>(html`<crm-widget type="system" widget-id="w" entity-type="contact" entity-id="3"
        period="current-year" locale="en" time-zone="UTC" .adapter=${adapter}></crm-widget>`);
      await waitUntil(() => el.shadowRoot!.querySelector('.error'), `${name}: no error shown`, { timeout: 5000 });
      const alert = el.shadowRoot!.querySelector('.error[role="alert"]')!;
      const message = alert.textContent!.replace(/\s+/g, ' ');
      expect(message).to.match(expected);
      expect(message).not.to.contain('s3cr3tc0de');
      expect(alert.querySelector('button.retry')?.textContent?.trim()).to.equal('Retry');
      expect(requests.length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });
  }
});
