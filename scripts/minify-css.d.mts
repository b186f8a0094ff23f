/** Minifies one static piece of CSS (no `${}` inside): quoted strings are kept as written. */
export function minifyCss(text: string): string;
/** Minifies the static text of every css`…` template in `source` (a TypeScript module), holes kept. */
export function minifyCssTemplates(source: string): string;
