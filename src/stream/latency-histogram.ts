/**
 * A latency histogram in microseconds, in the manner of HdrHistogram: exact below 128 µs,
 * then 64 buckets per power of two (values within 1.6%). Recording is a few integer
 * operations and no allocation; the memory is fixed (about 13 kB) whatever the run's length.
 */

const subBuckets = 64;
const exactBelow = 2 * subBuckets; // 128
const maxExponent = 30; // values up to 2^31 µs (about 35 minutes); more is clamped
const bucketCount = exactBelow + (maxExponent - 6) * subBuckets;
const maxValue = 2 ** (maxExponent + 1) - 1;

/** Percentiles of a histogram, in microseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Where a value goes. */
function indexOf(v: number): number {
  if (v < exactBelow) return v;
  const e = 31 - Math.clz32(v); // >= 7
  return exactBelow + (e - 7) * subBuckets + ((v >>> (e - 6)) - subBuckets);
}

/** The largest value a bucket holds. */
function highestIn(i: number): number {
  if (i < exactBelow) return i;
  const e = Math.floor((i - exactBelow) / subBuckets) + 7;
  const m = ((i - exactBelow) % subBuckets) + subBuckets;
  return (m + 1) * 2 ** (e - 6) - 1;
}

/** The smallest value a bucket holds. */
function lowestIn(i: number): number {
  return i === 0 ? 0 : highestIn(i - 1) + 1;
}

/** Counts latencies. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(bucketCount);
  count = 0;
  min = Infinity;
  max = 0;
  private sum = 0;

  /** Records one latency; negative (clocks of two processes) counts as 0. */
  record(us: number): void {
    let v = us > 0 ? Math.round(us) : 0;
    if (v > maxValue) v = maxValue;
    this.counts[indexOf(v)]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** The value at or below which `p` percent of the recorded values lie. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const want = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < bucketCount; i++) {
      seen += this.counts[i];
      if (seen >= want) return Math.min(highestIn(i), this.max);
    }
    return this.max;
  }

  /** p50, p90, p99 and the rest. */
  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
    return {
      count: this.count,
      min: this.min,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.max,
      mean: Math.round(this.sum / this.count),
    };
  }

  /** How many recorded values lie in [from, to] (bucket precision). */
  countBetween(from: number, to: number): number {
    if (to < from) return 0;
    let n = 0;
    const last = indexOf(Math.min(Math.max(0, to), maxValue));
    for (let i = indexOf(Math.min(Math.max(0, from), maxValue)); i <= last; i++) n += this.counts[i];
    return n;
  }

  /** Bucket bounds, exported for tests. */
  static bucketBounds(v: number): [number, number] {
    const i = indexOf(v);
    return [lowestIn(i), highestIn(i)];
  }
}
