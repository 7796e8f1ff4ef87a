/**
 * The main step for `npm run local-action`. @github/local-action imports an entry point and awaits
 * its `run` export, while src/main.ts runs on import and ends the process, as the runner needs.
 *
 * local-action 7 replaces @actions/cache with a module holding only restoreCache and saveCache
 * (copies on this machine), so the action's `cache.isFeatureAvailable()` would be missing: it is
 * added back here, answering true, before the action's modules are loaded.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error quibble (local-action's own stubbing library) ships no types.
import quibble from 'quibble';

const cacheModule = pathToFileURL(path.resolve('node_modules/@actions/cache/lib/cache.js')).href;
const stubbed = (await import(cacheModule)) as Record<string, unknown>;
if (typeof stubbed.isFeatureAvailable !== 'function') {
  await quibble.esm(cacheModule, { ...stubbed, isFeatureAvailable: () => true });
}

export const { runMain: run } = await import('../../src/action.js');
