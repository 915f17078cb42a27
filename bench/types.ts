// A benchmark scenario: `run` does the work `iterations` times (or as it sees fit) and returns
// raw samples; the harness computes median and p95 and writes the report.
export interface BenchContext {
  /** Suggested number of timed iterations (smaller with `--quick`). */
  iterations: number;
}

export interface BenchOutcome {
  /** One duration per timed iteration, in milliseconds. */
  samplesMs?: number[];
  /** Further figures (throughput, memory, counts), already in their unit; name the unit in the key. */
  metrics?: Record<string, number | string>;
  /** A sentence on what was measured or why a target was missed. */
  notes?: string;
}

export interface BenchScenario {
  name: string;
  description: string;
  /** Optional target, stated for the report, e.g. "p50 ≤ 2 ms". Not enforced in tests. */
  target?: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}
