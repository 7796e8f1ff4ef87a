/** The post step for `npm run local-action` (see main.ts beside this file). */
export { runPost as run } from '../../src/save-checkpoint.js';
