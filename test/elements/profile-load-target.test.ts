/**
 * `load-target`'s reading is a lazy chunk of the profile (src/elements/profile/load-target.ts). This
 * file runs in a page of its own, where it is not loaded yet: the tests go in order, from "failing"
 * through "held back" to "loaded".
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/profile/define.js';
import { profileChunks, type CrmProfile } from '../../src/elements/profile/profile.js';
import { $, adapter, clearStoredLayouts, has, profileSettled, whileChunkFails } from './widget-helpers.js';
import { chunkLoader } from '../helpers/chunks.js';

const targetText = (p: CrmProfile) => $(p, '.load .target')?.textContent?.trim();

describe('<crm-profile load-target>, a lazy chunk', () => {
  beforeEach(clearStoredLayouts);
  after(clearStoredLayouts);

  it('failing, then held back, then loaded: the header says so with Retry; Retry waits for the chunk, then shows the target; a wrong value warns once', async () => {
    let p!: CrmProfile;
    await whileChunkFails('loadTarget', async () => {
      p = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" load-target="4.5" layout="system"></crm-profile>`);
      await profileSettled(p);
      expect($(p, '.client.error[role="alert"]')!.textContent).to.contain('Failed to fetch dynamically imported module');
    });
    const chunk = chunkLoader(profileChunks, 'loadTarget');
    chunk.hold();
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...a: unknown[]) => void warnings.push(a.map(String).join(' '));
    try {
      $<HTMLButtonElement>(p, '.client.error .retry')!.click();
      for (let i = 0; i < 5; i++) await new Promise(requestAnimationFrame);
      expect(has(p, '.client.skeleton'), 'the header waits').to.equal(true);
      expect(targetText(p)).to.equal(undefined);
      chunk.release();
      await profileSettled(p);
      expect(has(p, '.client.error')).to.equal(false);
      expect(targetText(p)).to.equal('Target 4.5');
      const wrong = await fixture<CrmProfile>(html`<crm-profile .adapter=${adapter} entity-type="contact" entity-id="1" load-target="20000" layout="system"></crm-profile>`);
      await profileSettled(wrong);
      expect(targetText(wrong) ?? '').to.not.contain('20');
      expect(warnings).to.deep.equal(['<crm-profile>: Invalid load-target "20000": expected a number of activities per deal above 0 and at most 10000; using the peers\' average.']);
    } finally {
      chunk.restore();
      console.warn = warn;
    }
  });
});
