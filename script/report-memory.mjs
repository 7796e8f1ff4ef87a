// Loaded with `node --import` by the demo and the benchmark (never by the action itself): writes
// the process's peak resident memory and the CPU time it used to the file named by
// REPORT_MEMORY_FILE when it exits.
import { appendFileSync } from 'node:fs';

const file = process.env.REPORT_MEMORY_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, maxRssKiB: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime })}\n`,
    );
  });
}
