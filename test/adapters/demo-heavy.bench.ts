import { generateDemoData } from '../../src/adapters/demo/generate.js';
describe('heavy bench', () => {
  it('generates 1M activities', function () {
    this.timeout(120000);
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const h = generateDemoData({ heavy: { client: { type: 'contact', id: '1' }, activities: 1_000_000, deals: 100_000 } });
      console.log('chromium heavy ms', Math.round(performance.now() - t), h.activities.length);
    }
  });
});
