import { runMain } from './action.js';

await runMain();
// Keep-alive sockets and SDK timers could hold the process open after the work is done.
process.exit();
