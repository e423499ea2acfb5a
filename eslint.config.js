// Lint: typescript-eslint recommended rules plus the layering rule of docs/ARCHITECTURE.md, enforced on import
// paths: shared ← domain/policy ← (db, io) ← services ← (server, cli); web ← shared (+ pure domain).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, banned, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: banned.flatMap((b) => [`**/${b}/**`, `**/${b}.js`]), message: why }] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'data',
      '.tmp',
      'bench/out',
      'coverage',
      'src/db/migrations',
      'test/fixtures',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  layer(
    ['src/shared/**'],
    ['domain', 'policy', 'db', 'io', 'services', 'server', 'cli', 'web'],
    'shared/ is isomorphic and imports nothing else',
  ),
  layer(
    ['src/domain/**', 'src/policy/**'],
    ['db', 'io', 'services', 'server', 'cli', 'web'],
    'domain rules are pure: no I/O',
  ),
  layer(
    ['src/db/**', 'src/io/**'],
    ['services', 'server', 'cli', 'web'],
    'db/ and io/ sit below the use cases',
  ),
  layer(['src/services/**'], ['server', 'cli', 'web'], 'use cases never know the transport'),
  layer(
    ['src/web/**'],
    ['db', 'io', 'services', 'server', 'cli', 'main', 'config'],
    'the web app talks to the server only through the API',
  ),
);
