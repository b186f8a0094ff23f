// The strict Content-Security-Policy of the CSP test pages (test/csp/*.html), sent as a real
// response header by the test server (web-test-runner.config.mjs) — the test page that frames
// them carries wtr's own inline scripts, so the policy lives on the framed pages only.
// docs/csp.md explains each directive.

/** The policy a strict host page sends: no inline script or style, no eval, Trusted Types enforced. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "require-trusted-types-for 'script'",
  // Lit's policy: the only Trusted Types policy the suite (lit, @lit/*, chart.js, our code) creates.
  'trusted-types lit-html',
].join('; ');

/**
 * Koa middleware: the header on every HTML page under /test/csp/; `?duplicates=allow` adds
 * 'allow-duplicates' to trusted-types (a page with two copies of Lit).
 */
export function cspMiddleware(policy = STRICT_CSP) {
  return async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/test/csp/') && ctx.path.endsWith('.html')) {
      ctx.set('Content-Security-Policy', ctx.query.duplicates === 'allow' ? `${policy} 'allow-duplicates'` : policy);
    }
  };
}
