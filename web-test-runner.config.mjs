// @web/test-runner 0.20.x (Node 20 floor) with the system Chromium through puppeteer-core:
// nothing is downloaded. CHROME_PATH overrides the default /usr/bin/chromium.
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { tsImport } from 'tsx/esm/api';
import { commonjsPackages } from './test/frameworks/wtr-commonjs.mjs';
import { cspMiddleware } from './test/csp/csp-middleware.mjs';
import { readmeExamples, readmeNodeExamples } from './test/docs/readme-examples.mjs';

// The Bitrix24 REST emulator (emulator/README.md) at /rest/… and /__emulator/… of the test server,
// over the demo data (seed 1). Tests reset it (POST /__emulator/reset) around their requests.
const { Bitrix24Emulator, koaMiddleware } = await tsImport('./emulator/bitrix24/node.ts', import.meta.url);
const bitrix24 = new Bitrix24Emulator({ data: { seed: 1 } });

// The REST contract (docs/rest-contract.md) over the demo data (seed 1) at /api/…, and the same
// behind a bearer token at /api-auth/… (server/rest/).
const rest = await tsImport('./server/rest/node.ts', import.meta.url);
const restApi = rest.koaMiddleware(new rest.ContractServer(), '/api');
const restApiAuth = rest.koaMiddleware(new rest.ContractServer({ token: 'wtr-rest-token' }), '/api-auth');

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export default {
  files: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  nodeResolve: true,
  // One page at a time: a background page gets no animation frames and no focus, which focus and
  // overlay tests need.
  concurrency: 1,
  // cspMiddleware: strict CSP header on /test/csp/*.html; readmeExamples: the README's code examples at /__readme/…
  middleware: [koaMiddleware(bitrix24), restApi, restApiAuth, cspMiddleware(), readmeExamples(fileURLToPath(new URL('./README.md', import.meta.url)))],
  // The esbuild plugin does not read tsconfig.json unless told: without it useDefineForClassFields:false
  // is lost, class fields shadow Lit's reactive accessors and the elements stop updating.
  plugins: [
    commonjsPackages(), // React 19 is CommonJS only: served pre-bundled as ES modules
    readmeNodeExamples(fileURLToPath(new URL('./README.md', import.meta.url))), // the README's Node example, as a server command
    esbuildPlugin({
      ts: true, tsx: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 20000 } },
  coverageConfig: {
    include: ['src/**/*.ts'],
    report: true,
    reportDir: 'coverage',
    reporters: ['text-summary', 'lcov', 'json-summary'],
  },
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
};
