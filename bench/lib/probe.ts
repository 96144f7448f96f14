import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerStats } from './child';

/** The child side of the IPC protocol: counts, RSS, event-loop delay, CPU; `stop` calls `onStop`. */
export function serveProbe(port: number, onStop: () => Promise<void>, total?: () => number): { countQuery(): void } {
  let own = 0;
  const read = total ?? (() => own);
  let base = read();
  let peak = process.memoryUsage().rss;
  let cpu = process.cpuUsage();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  sampler.unref();
  process.on('message', async (m: any) => {
    if (m?.type === 'stats') {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      const used = process.cpuUsage(cpu);
      const stats: ServerStats = {
        queries: read() - base,
        rssBytes: rss,
        peakRssBytes: peak,
        eld: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 },
        cpuMs: (used.user + used.system) / 1000,
      };
      process.send!({ id: m.id, stats });
    } else if (m?.type === 'reset') {
      base = read();
      peak = process.memoryUsage().rss;
      cpu = process.cpuUsage();
      eld.reset();
      process.send!({ id: m.id });
    } else if (m?.type === 'stop') {
      clearInterval(sampler);
      try {
        await onStop();
      } finally {
        process.exit(0);
      }
    }
  });
  // The orchestrator going away takes the server with it.
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', port });
  return {
    countQuery() {
      own++;
    },
  };
}
