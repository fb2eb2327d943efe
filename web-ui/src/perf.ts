import type uPlot from 'uplot';

/**
 * What the in-browser benchmark reads (bench/bench.mjs): the charts on the page, and for live points the time from the
 * worker logging a point (its timestamp) to the chart having drawn it. Recording is a push into a bounded array.
 */
interface PerfLog {
  charts: Set<uPlot>;
  /** ms from a point's timestamp to its chart's draw, newest last. */
  liveLatencies: number[];
}

declare global {
  interface Window {
    __descentPerf?: PerfLog;
  }
}

function log(): PerfLog | null {
  if (typeof window === 'undefined') return null;
  window.__descentPerf ??= { charts: new Set(), liveLatencies: [] };
  return window.__descentPerf;
}

export function registerChart(u: uPlot): () => void {
  log()?.charts.add(u);
  return () => log()?.charts.delete(u);
}

export function recordLiveLatency(ms: number): void {
  const l = log();
  if (!l) return;
  l.liveLatencies.push(ms);
  if (l.liveLatencies.length > 10_000) l.liveLatencies.splice(0, 5_000);
}
