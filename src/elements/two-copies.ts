/**
 * The report of a second copy of the suite on a page (`checkExistingDefinition`, ./base.ts): its
 * words are a lazy chunk, loaded only by a copy that finds a tag defined by another version.
 */

/** The versions already reported by this copy: one report per other copy, not one per tag. */
const reported = new Set<string>();

/** `console.warn`s once per other version that this copy (`version`) is not registered, naming `tag`. */
export function reportCopy(tag: string, version: string, existing: string | undefined): void {
  const key = existing ?? '?';
  if (reported.has(key)) return;
  reported.add(key);
  console.warn(`crm-profile-widgets ${version} is loaded on a page where crm-profile-widgets ${existing ?? '(unknown version)'} already defined the elements (<${tag}>, …); this copy is not registered.`);
}
