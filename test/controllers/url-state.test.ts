import { expect } from '@open-wc/testing';
import { readUrlState, sameUrlState, writeUrlState } from '../../src/controllers/url-state.js';

describe('deep-link state in the URL fragment', () => {
  it('round-trips period, comparison and what is open', () => {
    const states = [
      {},
      { period: 'month:2026-03' },
      { period: 'range:2026-01-01/2026-02-15', compare: 'last-year' as const },
      { open: { widget: 'w3', figure: 'won-value' } },
      { period: 'last-7-days', open: { widget: 'w 7&x', figure: 'channel-call', previous: true } },
      { open: { widget: 'w2', explanation: true as const } },
    ];
    for (const s of states) expect(readUrlState(writeUrlState('', s)), JSON.stringify(s)).to.deep.equal(s);
    expect(writeUrlState('', { period: 'month:2026-03', open: { widget: 'w3', figure: 'won-value', previous: true } }))
      .to.equal('#crm-period=month%3A2026-03&crm-widget=w3&crm-open=won-value&crm-of=previous');
  });

  it('keeps the page\'s other parameters and another profile\'s, replaces its own', () => {
    const hash = '#tab=2&crm-period=today&side-period=last-week';
    expect(writeUrlState(hash, { period: 'yesterday' })).to.equal('#tab=2&side-period=last-week&crm-period=yesterday');
    expect(readUrlState(hash, 'side')).to.deep.equal({ period: 'last-week' });
    expect(writeUrlState(hash, {}, 'side')).to.equal('#tab=2&crm-period=today');
  });

  it('a plain anchor stays when there is nothing to write, and is replaced otherwise', () => {
    expect(readUrlState('#section-2')).to.deep.equal({});
    expect(writeUrlState('#section-2', {})).to.equal('#section-2');
    expect(writeUrlState('#section-2', { period: 'today' })).to.equal('#crm-period=today');
    expect(writeUrlState('#crm-period=today', {})).to.equal('');
  });

  it('drops what is invalid: an unknown comparison, a number without its widget, values too long', () => {
    expect(readUrlState('#crm-compare=tomorrow&crm-open=won-value')).to.deep.equal({});
    expect(readUrlState(`#crm-period=${'x'.repeat(300)}`)).to.deep.equal({});
    expect(readUrlState('#crm-widget=w1&crm-open=won-value&crm-of=next')).to.deep.equal({ open: { widget: 'w1', figure: 'won-value' } });
    expect(readUrlState('#%E0%A4%A')).to.deep.equal({});
  });

  it('compares states by what they show', () => {
    expect(sameUrlState({ period: 'today', compare: 'previous' }, { compare: 'previous', period: 'today' })).to.equal(true);
    expect(sameUrlState({ open: { widget: 'w1', figure: 'a' } }, { open: { widget: 'w1', figure: 'a', previous: true } })).to.equal(false);
  });
});
