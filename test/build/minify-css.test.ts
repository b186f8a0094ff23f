/**
 * The CDN bundle minifies the CSS of our css`…` templates (scripts/bundle.mjs). Every
 * style sheet of the suite, minified, must parse into exactly the rules the original parses into
 * (the browser's own serialization of each rule), so the minifier cannot change a page's look.
 */
import { expect } from '@open-wc/testing';
import type { CSSResultGroup, CSSResult } from 'lit';
import { minifyCss, minifyCssTemplates } from '../../scripts/minify-css.mjs';
import { tokens } from '../../src/styles/tokens.js';
import { styles as profile } from '../../src/elements/profile/profile.styles.js';
import { styles as widget } from '../../src/elements/widget/widget.styles.js';
import { styles as picker } from '../../src/elements/period-picker/period-picker.styles.js';
import { popupStyles } from '../../src/elements/period-picker/period-picker-popup.styles.js';
import { styles as frame } from '../../src/elements/profile-frame/profile-frame.styles.js';
import { styles as settings } from '../../src/elements/widget-settings/widget-settings.styles.js';
import { detailPanelStyles } from '../../src/elements/detail-panel/detail-panel.styles.js';

const flat = (g: CSSResultGroup): CSSResult[] => (Array.isArray(g) ? g.flatMap((x) => flat(x as CSSResultGroup)) : [g as CSSResult]);
const rules = (text: string): string[] => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return [...sheet.cssRules].map((r) => r.cssText);
};

describe('CSS minification of the CDN bundle', () => {
  const sheets = { tokens, profile, widget, picker, popupStyles, frame, settings, detailPanelStyles };
  for (const [name, group] of Object.entries(sheets)) {
    it(`${name}: the minified CSS parses into the same rules, and is shorter`, () => {
      for (const sheet of flat(group)) {
        const min = minifyCss(sheet.cssText);
        expect(rules(min)).to.deep.equal(rules(sheet.cssText));
        expect(rules(min).length).to.be.greaterThan(0);
        expect(min.length).to.be.lessThan(sheet.cssText.length);
      }
    });
  }

  it('keeps strings, the space before a pseudo-class and the holes of a template', () => {
    expect(minifyCss(" a :hover, b { content : ' ; , :  x ' ; /* note */ color : red ; }")).to.equal(" a :hover, b{content :' ; , :  x ';color :red}");
    expect(minifyCssTemplates('css`\n  :host { ${dark} }\n  a { margin: ${x} ${y}; }\n`')).to.equal('css` :host{${dark}}a{margin:${x} ${y}}`');
    expect(minifyCssTemplates('const s = `not css  {  }`;')).to.equal('const s = `not css  {  }`;');
  });
});
