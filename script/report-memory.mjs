// Loaded with `node --import` by the demo and the benchmark (never by the action itself): writes
// the process's peak resident memory, the CPU time it used and the time its main thread spent in
// garbage collection to the file named by REPORT_MEMORY_FILE when it exits.
//
// The peak is the kernel's high-water mark for this program image (VmHWM), not getrusage's
// ru_maxrss: a spawned process starts as a fork of its parent, and Linux carries the forked copy's
// resident size into ru_maxrss, so that a process started by a large parent (the benchmark, with its
// emulators) would report at least the parent's size. VmHWM starts afresh at execve. (The step
// replaces itself once with execve before it loads anything; the first image is bare node, smaller
// than what follows.)
import { appendFileSync, readFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

/** Peak resident memory of this program image in KiB; ru_maxrss where /proc is not there. */
function peakRssKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.REPORT_MEMORY_FILE;
if (file) {
  const gc = { ms: 0, major: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.ms += entry.duration;
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major += 1;
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, maxRssKiB: peakRssKiB(), cpuUs: usage.userCPUTime + usage.systemCPUTime, gcMs: Math.round(gc.ms), majorGcs: gc.major })}\n`,
    );
  });
}
