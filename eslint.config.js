import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'docs/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The dependency rule: the core is pure — no Node built-ins, no other packages, no apps.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'http', 'pg', 'fastify', 'kysely', '@switchboard/*', '../../../apps/*'], message: 'core is pure: no I/O, no dependencies' }] }],
      'no-restricted-globals': ['error', { name: 'process', message: 'core reads no environment' }, { name: 'setTimeout', message: 'core has no timers' }, { name: 'setInterval', message: 'core has no timers' }, { name: 'fetch', message: 'core does no I/O' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time comes from the caller' }, { object: 'Math', property: 'random', message: 'the core is deterministic' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
