// Peak RSS for the benches' plain-Node children (import-compiled.mjs, pglite-open.mjs), as bench/common.ts's
// peakRssMb reads it: VmHWM where Linux tells it — a forked child's maxRSS starts at its parent's RSS (decision
// 0027's addendum of session 18).
import { readFileSync } from 'node:fs';

/** peak RSS of this process in MB */
export function peakRssMb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
