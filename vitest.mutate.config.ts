import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of the delivery core: the unit tests and the
 * in-process properties, with fewer rounds (a mutant that survives 5 rounds of faults or kills is
 * reported, not hidden, and the full 200 rounds run in `npm test`).
 */
export default defineConfig({
  test: {
    include: ['__tests__/unit/**/*.test.ts', '__tests__/integration/**/*.test.ts'],
    globalSetup: ['__tests__/emulators/global-setup.ts'],
    env: { FAULT_ROUNDS: '5', KILL_ROUNDS: '5' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
