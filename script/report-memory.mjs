// Loaded with `node --import` by the demo and the benchmark (never by the action itself): writes
// the process's peak resident memory, the CPU time it used and the time its main thread spent in
// garbage collection to the file named by REPORT_MEMORY_FILE when it exits.
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';

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
      `${JSON.stringify({ pid: process.pid, maxRssKiB: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime, gcMs: Math.round(gc.ms), majorGcs: gc.major })}\n`,
    );
  });
}
