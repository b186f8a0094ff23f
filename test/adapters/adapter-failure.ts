/** Shared by the adapters' and the contract server's tests. */
import { expect } from '@open-wc/testing';
import { AdapterError } from '../../src/adapters/errors.js';

/** The AdapterError `p` rejects with (the test fails when it resolves or rejects with anything else). */
export async function adapterFailure(p: Promise<unknown>): Promise<AdapterError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(AdapterError);
    return e as AdapterError;
  }
  throw new Error('expected the call to fail with an AdapterError');
}
