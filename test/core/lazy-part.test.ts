import { expect } from '@open-wc/testing';
import { lazyPart } from '../../src/core/lazy-part.js';

describe('lazyPart', () => {
  it('fetches once, however many ask at once; then gives the part synchronously', async () => {
    let fetches = 0;
    const part = lazyPart(async () => (fetches++, { name: 'rules' }));
    expect(part.loaded).to.equal(undefined);
    const [a, b] = await Promise.all([part.load(), part.load()]);
    expect(a).to.equal(b);
    expect(part.loaded).to.equal(a);
    expect(await part.load()).to.equal(a);
    expect(fetches).to.equal(1);
  });

  it('a failed fetch rejects and is tried again at the next load', async () => {
    let fetches = 0;
    const part = lazyPart(async () => {
      fetches++;
      if (fetches === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 42;
    });
    let error: unknown;
    try { await part.load(); } catch (e) { error = e; }
    expect((error as Error).message).to.equal('Failed to fetch dynamically imported module');
    expect(part.loaded).to.equal(undefined);
    expect(await part.load()).to.equal(42);
    expect(fetches).to.equal(2);
  });

  it('a part provided by its module as it runs needs no fetch', async () => {
    const part = lazyPart<string>(() => Promise.reject(new Error('not fetched')));
    part.provide('here');
    expect(part.loaded).to.equal('here');
    expect(await part.load()).to.equal('here');
  });
});
