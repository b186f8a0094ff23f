import { defineConfig, type Plugin } from 'vite';
import { Bitrix24Emulator } from './emulator/bitrix24/emulator.js';
import { connectMiddleware } from './emulator/bitrix24/node.js';
import { ContractServer, connectMiddleware as restMiddleware } from './server/rest/node.js';

/** The Bitrix24 REST emulator at /rest/… and /__emulator/… of the dev server (emulator/README.md). */
function bitrix24Emulator(): Plugin {
  let emulator: Bitrix24Emulator | undefined;
  return {
    name: 'bitrix24-emulator',
    apply: 'serve',
    configureServer(server) {
      emulator ??= new Bitrix24Emulator({ data: { seed: 1 } });
      server.middlewares.use(connectMiddleware(emulator));
    },
  };
}

/** The REST contract (docs/rest-contract.md) over the demo data at /api/… of the dev server (server/rest/). */
function restContract(): Plugin {
  let contract: ContractServer | undefined;
  return {
    name: 'rest-contract',
    apply: 'serve',
    configureServer(server) {
      contract ??= new ContractServer();
      server.middlewares.use(restMiddleware(contract, '/api'));
    },
  };
}

// `npm start`: the demo pages in demo/, served with the sources compiled on the fly.
export default defineConfig({
  root: 'demo',
  plugins: [bitrix24Emulator(), restContract()],
  server: { port: 5173, open: false, fs: { allow: ['..'] } },
  esbuild: { target: 'es2022' },
  build: { outDir: '../dist-demo', emptyOutDir: true },
});
