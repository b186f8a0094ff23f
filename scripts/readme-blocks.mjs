// The README's fenced code blocks by section, for the checks that run them as they are written:
// test/docs/readme-examples.mjs (the browser tests' pages) and scripts/check-pack.mjs ("Use from npm",
// built against the installed tarball).

/**
 * A heading's slug: lower case, every run of other characters than a–z and 0–9 made one "-"
 * ("Use from a CDN / CMS (one script tag, attributes only)" → use-from-a-cdn-cms-one-script-tag-attributes-only).
 */
export const slugOf = (heading) => heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The fenced code blocks of `markdown` by the slug of the heading they are under, in order. Fences
 * of three backticks at the start of a line only (what the README uses): no `~~~`, no indented or
 * nested fences. (The slugs are not GitHub's anchors, which keep every "-": `use-from-a-cdn--cms-…`.)
 */
export function codeBlocks(markdown) {
  const sections = new Map();
  let section = '';
  let open;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (line.startsWith('```')) {
        sections.get(section).push(open);
        open = undefined;
      } else open.text += `${line}\n`;
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      section = slugOf(heading[1]);
      if (!sections.has(section)) sections.set(section, []);
      continue;
    }
    const fence = /^```(\S*)/.exec(line);
    if (fence) open = { lang: fence[1], text: '' };
  }
  return sections;
}

