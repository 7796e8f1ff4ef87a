import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Workers are forked after global setup, so they inherit NODE_EXTRA_CA_CERTS for the
    // test certificate authority that the HTTPS Auth0 emulator uses.
    pool: 'forks',
    globalSetup: ['__tests__/emulators/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './__tests__/closing-line-reporter.ts'],
  },
});
