// Minifies CSS text for the CDN bundle (used by scripts/bundle.mjs); DOM-free and
// Node-free, so that test/build/minify-css.test.ts runs it in the browser over every style sheet of
// the suite and compares the parsed rules with the original's.

/** Minifies one static piece of CSS (no `${}` inside): quoted strings are kept as written. */
export function minifyCss(text) {
  const pieces = []; // alternating: CSS, string, CSS, string, …, CSS
  let css = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      pieces.push(css, text.slice(i, j + 1));
      css = '';
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      css += ' ';
    } else {
      css += c;
      i++;
    }
  }
  pieces.push(css);
  return pieces
    .map((p, k) => (k % 2 ? p : p.replace(/\s+/g, ' ').replace(/\s*([{};])\s*/g, '$1').replace(/;}/g, '}').replace(/:\s+/g, ':')))
    .join('');
}

/** Minifies the static text of every css`…` template in `source` (a TypeScript module), holes kept. */
export function minifyCssTemplates(source) {
  return source.replace(/\bcss`((?:[^`\\$]|\\.|\$(?!\{)|\$\{[^}]*\})*)`/g, (_m, body) =>
    'css`' + body.split(/(\$\{[^}]*\})/).map((p, k) => (k % 2 ? p : minifyCss(p))).join('') + '`');
}
