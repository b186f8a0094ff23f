import { expect } from '@open-wc/testing';
import { reasonOf, safeString } from '../../src/core/text.js';

describe('text helpers', () => {
  it('safeString: any value a script may hand an element, without throwing', () => {
    expect(safeString(42)).to.equal('42');
    expect(safeString(Symbol('x'))).to.equal('Symbol(x)');
    expect(safeString(Object.create(null))).to.equal('[object Object]');
  });

  it('reasonOf: an error\'s message, else the rejected value in words', () => {
    expect(reasonOf(new TypeError('Failed to fetch dynamically imported module'))).to.equal('Failed to fetch dynamically imported module');
    expect(reasonOf('offline')).to.equal('offline');
    expect(reasonOf(undefined)).to.equal('undefined');
    expect(reasonOf(null)).to.equal('null');
    expect(reasonOf(Object.create(null))).to.equal('[object Object]');
  });
});
