import autocannon from "autocannon";

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** One autocannon run: a short warm-up, then the measured run. */
export async function measure(
  label: string,
  url: string,
  options: { seconds?: number; connections?: number; headers?: Record<string, string>; method?: "GET" | "POST"; body?: string } = {},
): Promise<LoadResult> {
  const base = {
    url,
    connections: options.connections ?? 10,
    headers: options.headers,
    // autocannon refuses an explicit undefined method: set them only when given.
    ...(options.method ? { method: options.method } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
  await autocannon({ ...base, duration: 2 });
  const result = await autocannon({ ...base, duration: options.seconds ?? 10 });
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: LoadResult[]): void {
  console.table(
    rows.map((r) => ({ run: r.label, "req/s": r.requestsPerSecond, "p50 ms": r.p50Ms, "p99 ms": r.p99Ms, "non-2xx": r.non2xx })),
  );
}
