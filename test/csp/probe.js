/* global ReportingObserver */
// Loaded first by the CSP test pages, as a classic 'self' script: records every CSP violation of
// the page (including Trusted Types ones) before any other script runs. The test reads
// window.cspViolations from the framing page.
(function () {
  var seen = [];
  window.cspViolations = seen;
  function record(e) {
    seen.push({
      directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI || e.blockedURL || '',
      sample: e.sample || '', source: (e.sourceFile || '') + ':' + (e.lineNumber || 0),
    });
  }
  document.addEventListener('securitypolicyviolation', record, true);
  if (typeof ReportingObserver === 'function') {
    new ReportingObserver(function (reports) {
      reports.forEach(function (r) { if (r.body) record(r.body); });
    }, { types: ['csp-violation'], buffered: true }).observe();
  }
})();
