/**
 * The heap the main step runs with. The runner starts the step as `node dist/main/index.js`, and an
 * action cannot give node flags. With V8's defaults on a runner's 16 GiB, the young generation grows
 * to 64 MiB semi-spaces and the old one to several times what is live, so an export whose working
 * set is about 40 MiB held some 350 MiB; glibc's per-thread arenas and its moving mmap threshold kept
 * a further 25 MiB of freed request bodies.
 *
 * So before it loads anything else, the step replaces itself (execve(2): the same process and pid,
 * so the runner's signals, the exit code and the output files are unchanged) with node started
 * with a heap sized to the working set. Nothing caps the heap: a larger working set makes the heap
 * grow as before, it does not run out.
 */

/**
 * Node flags for the step: a young generation of 1 MiB semi-spaces, and V8's memory-constrained mode
 * (the old generation grows by a smaller factor, unused bytecode is flushed sooner). On this
 * project's benchmark they cost about 6% of the export's logs/s at 40 ms a request and half again
 * as much CPU, against 16 MiB semi-spaces, for half the peak memory (README, "Memory").
 */
export const HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];

/** glibc settings: two arenas, and freed blocks from 128 KiB up go back to the system. */
export const MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/**
 * Replaces this process with node started with HEAP_FLAGS and MALLOC_ENV, and so never returns, unless
 * it already was, the workflow sized the young generation itself (in NODE_OPTIONS), or this node
 * cannot (process.execve is in Node 22.15 and later, not on Windows); then it returns and the step
 * runs as started. A setting already in the environment is kept.
 */
export function relaunchWithSizedHeap(): void {
  const execve = (process as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return;
  const sized = (flags: string | readonly string[] | undefined): boolean =>
    [flags ?? []].flat().some((flag) => flag.includes('--max-semi-space-size'));
  if (sized(process.execArgv) || sized(process.env.NODE_OPTIONS)) return;
  try {
    execve.call(
      process,
      process.execPath,
      [process.execPath, ...HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)],
      { ...MALLOC_ENV, ...process.env },
    );
  } catch {
    // The step runs as started, with node's default heap.
  }
}
