// Custom-elements manifest: committed, so its output must be stable run to run. The analyzer's
// module order is not deterministic (open-wc/custom-elements-manifest; break-stuff/cem-tools#32),
// hence the sorting plugin below.
const byName = (a, b) => String(a.name ?? '').localeCompare(String(b.name ?? ''));
const INNER = ['attributes', 'members', 'events', 'slots', 'cssParts', 'cssProperties', 'exports'];

function sortManifest() {
  return {
    name: 'crm-sort-manifest',
    packageLinkPhase({ customElementsManifest: cem }) {
      cem.modules.sort((a, b) => a.path.localeCompare(b.path));
      for (const mod of cem.modules) {
        for (const key of ['declarations', 'exports']) mod[key]?.sort(byName);
        for (const decl of mod.declarations ?? []) {
          // The public API only: no private or #private members, no style sheets, and no attributes
          // of private or protected fields (the internal `state: true` properties of `static
          // properties`, which the analyzer lists as attributes: it honours only `attribute: false`).
          const hidden = new Set((decl.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
          if (decl.members) {
            decl.members = decl.members.filter((m) =>
              m.privacy !== 'private' && m.privacy !== 'protected' && !String(m.name).startsWith('#') && m.name !== 'styles');
          }
          // An event dispatched under a computed name (`new CustomEvent(done ? 'crm-load' : 'crm-error')`)
          // comes without one: its names are documented by the class's @fires tags.
          if (decl.events) decl.events = decl.events.filter((e) => e.name);
          for (const key of INNER) decl[key]?.sort(byName);
        }
      }
    },
  };
}

export default {
  // The manifest documents the elements; the core and adapters are documented by their .d.ts.
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  outdir: '.',
  litelement: true,
  plugins: [sortManifest()],
};
