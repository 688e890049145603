/**
 * The latency distribution as a small text histogram, for people: about a dozen rows on a
 * 1-2-5 scale between the smallest and largest latency, each with a bar and a count.
 */
import type { LatencyHistogram } from "./latency-histogram.ts";

/** One row of the drawing (plain data, so a worker can send it). */
export interface HistogramRow {
  fromUs: number;
  toUs: number;
  count: number;
}

const steps = [1, 2, 5];

/** Bounds on a 1-2-5 scale covering [min, max]. */
function scale(min: number, max: number): number[] {
  const bounds: number[] = [];
  for (let decade = 1; decade <= 1e10; decade *= 10) {
    for (const s of steps) {
      const b = s * decade;
      if (b > min && (bounds.length === 0 || bounds[bounds.length - 1] <= max)) bounds.push(b);
    }
    if (bounds.length && bounds[bounds.length - 1] > max) break;
  }
  return bounds;
}

/** The rows of the histogram of `h` (empty when nothing was recorded). */
export function histogramRows(h: LatencyHistogram): HistogramRow[] {
  if (h.count === 0) return [];
  const rows: HistogramRow[] = [];
  let from = h.min;
  for (const b of scale(h.min, h.max)) {
    rows.push({ fromUs: from, toUs: b - 1, count: h.countBetween(from, b - 1) });
    from = b;
  }
  return rows;
}

function formatUs(us: number): string {
  if (us >= 1_000_000) return `${+(us / 1_000_000).toFixed(us >= 10_000_000 ? 0 : 1)}s`;
  if (us >= 1000) return `${+(us / 1000).toFixed(us >= 10_000 ? 0 : 1)}ms`;
  return `${us}µs`;
}

/** Draws rows as lines like "   50µs-99µs   ████████      812". */
export function drawHistogram(rows: readonly HistogramRow[], width = 40): string[] {
  const peak = Math.max(1, ...rows.map((r) => r.count));
  const labels = rows.map((
    r,
  ) => (r.fromUs === r.toUs ? formatUs(r.fromUs) : `${formatUs(r.fromUs)}-${formatUs(r.toUs)}`));
  const labelWidth = Math.max(0, ...labels.map((l) => l.length));
  const countWidth = Math.max(1, ...rows.map((r) => String(r.count).length));
  return rows.map((r, i) => {
    const len = r.count === 0 ? 0 : Math.max(1, Math.round((r.count / peak) * width));
    return `${labels[i].padStart(labelWidth)} ${"█".repeat(len).padEnd(width)} ${String(r.count).padStart(countWidth)}`;
  });
}
