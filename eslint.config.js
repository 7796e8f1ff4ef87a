import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * The layout's boundaries (README, "Layout"): data flows config -> source -> filter -> batcher ->
 * sink -> cursor -> report, and no module reaches back up that line.
 */
const boundaries = [
  {
    files: ['src/logs/**'],
    group: ['../*', '!../errors.js'],
    message: 'src/logs/ is the domain: it imports nothing of the action but errors.ts.',
  },
  {
    files: ['src/cloudwatch/**', 'src/report/**', 'src/config.ts'],
    group: ['**/auth0/*'],
    message: 'Only the entry point talks to the Auth0 adapter; use src/logs/ for the log record.',
  },
  {
    files: ['src/pipeline/**'],
    group: ['**/auth0/*', '**/cloudwatch/sink.js', '**/report/*', '**/checkpoint/*-store.js'],
    message: 'The pipeline talks to its ports (src/pipeline/ports.ts), never to an adapter.',
  },
  {
    files: ['src/save-checkpoint.ts', 'src/post.ts', 'src/checkpoint/**'],
    group: ['**/config.js', '**/logs/*', '**/pipeline/*', '**/auth0/*'],
    message: 'The post step needs only the inputs (src/inputs.ts) and the checkpoint store.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'build/',
      'coverage/',
      'reports/',
      '.stryker-tmp/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits is how an export loses a failure.
    files: ['src/**/*.ts', '__tests__/**/*.ts', 'script/**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  ...boundaries.map(({ files, group, message }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  })),
  {
    files: ['__tests__/**', 'script/**'],
    // Fakes implement async ports without awaiting anything.
    rules: { 'no-console': 'off', '@typescript-eslint/require-await': 'off' },
  },
);
