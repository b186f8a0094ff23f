import { expect } from '@open-wc/testing';
import { intlFormatter } from '../../src/core/intl.js';

describe('intlFormatter', () => {
  it('makes one formatter per kind, locale and options, and reuses it', () => {
    const a = intlFormatter(Intl.NumberFormat, 'fr', { maximumFractionDigits: 1 });
    expect(a.format(1234.56)).to.equal(new Intl.NumberFormat('fr', { maximumFractionDigits: 1 }).format(1234.56));
    expect(intlFormatter(Intl.NumberFormat, 'fr', { maximumFractionDigits: 1 })).to.equal(a);
    expect(intlFormatter(Intl.NumberFormat, 'fr', { maximumFractionDigits: 2 })).not.to.equal(a);
    expect(intlFormatter(Intl.NumberFormat, 'en', { maximumFractionDigits: 1 })).not.to.equal(a);
    // Same locale and options, another kind: another formatter.
    const d = intlFormatter(Intl.DateTimeFormat, 'fr', { timeZone: 'UTC' });
    expect(d).to.be.instanceOf(Intl.DateTimeFormat);
    expect(intlFormatter(Intl.PluralRules, 'fr').select(1)).to.equal('one');
  });
});
