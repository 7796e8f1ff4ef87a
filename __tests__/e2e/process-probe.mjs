// Loaded with `node --import` by __tests__/e2e/heap.test.ts: writes what the process that ends the
// step was started with (its pid, node flags and glibc settings) to PROCESS_PROBE_FILE at exit.
import { appendFileSync } from 'node:fs';

const file = process.env.PROCESS_PROBE_FILE;
if (file) {
  process.on('exit', () => {
    const { MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ } = process.env;
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, execArgv: process.execArgv, MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ })}\n`,
    );
  });
}
