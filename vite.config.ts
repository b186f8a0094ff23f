import { defineConfig } from 'vite';

// `npm start`: the demo pages in demo/, served with the sources compiled on the fly.
export default defineConfig({
  root: 'demo',
  server: { port: 5173, open: false, fs: { allow: ['..'] } },
  esbuild: { target: 'es2022' },
  build: { outDir: '../dist-demo', emptyOutDir: true },
});
