// Flat config. typescript-eslint loads TypeScript as a library, which is why the project pins
// typescript ~5.9 (the 7.x native compiler has no JS API).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bitrix24/', 'dist-demo/', 'cdn/', 'coverage/', 'node_modules/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', console: 'readonly', performance: 'readonly',
        process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', queueMicrotask: 'readonly',
        AbortController: 'readonly', AbortSignal: 'readonly', URL: 'readonly', Intl: 'readonly',
        DOMException: 'readonly', globalThis: 'readonly', structuredClone: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['bench/**', 'scripts/**', '*.config.*', 'demo/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
);
