import { defineConfig } from 'vitest/config';

/**
 * Two projects. `unit`: pure tests, the emulators' own tests, and in-process tests of the pipeline
 * against the loopback emulators with an injected clock and sleep (seconds, any machine). `e2e`: the
 * built dist/ run as a child process, the way the runner runs it (run `npm run build` first).
 */
export default defineConfig({
  test: {
    // Workers are forked after global setup, so they inherit NODE_EXTRA_CA_CERTS for the
    // test certificate authority that the HTTPS Auth0 emulator uses.
    pool: 'forks',
    globalSetup: ['__tests__/emulators/global-setup.ts'],
    reporters: ['default', './__tests__/closing-line-reporter.ts'],
    // The CI machine has two cores; more workers only make the timing-heavy files slower.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: [
        'src/main.ts',
        'src/post.ts',
        'src/logs/log-type-catalog.ts',
        'src/logs/pii-fields.ts',
      ],
      reporter: ['text', 'text-summary'],
      reportsDirectory: 'coverage',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            '__tests__/unit/**/*.test.ts',
            '__tests__/integration/**/*.test.ts',
            '__tests__/emulators/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['__tests__/e2e/**/*.test.ts'],
          // Each test spawns Node 24 processes; two files at a time keep both cores busy.
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
