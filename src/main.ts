import { relaunchWithSizedHeap } from './relaunch.js';

// First, before the SDKs are loaded: this may replace the process with one whose heap fits the work.
relaunchWithSizedHeap();
const { runMain } = await import('./action.js');
await runMain();
// Keep-alive sockets and SDK timers could hold the process open after the work is done.
process.exit();
