// Writes from many runs, committed together: every run's event log hands its batch here, and
// batches arriving within `windowMs` share one statement (the runs' shared flush clock hands them
// over at the same tick). This turns hundreds of small transactions a second into a few, for the
// embedded database's single session and the app's main thread alike. A failing group is retried
// run by run, so one run's bad batch never fails another's.
import type { Database } from "@/lib/db/client";
import { appendEventsOfRunsDirectly, type StoredEventInput } from "@/lib/db/runs";

interface Pending {
  runId: string;
  events: StoredEventInput[];
  blobKeys: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  persist(input: { runId: string; events: StoredEventInput[]; blobKeys: string[] }): Promise<void>;
}

export function createGroupCommit(database: Pick<Database, "query">, windowMs = 25): GroupCommit {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;

  async function commit(group: Pending[]): Promise<void> {
    try {
      await appendEventsOfRunsDirectly(database, group);
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      // Find the culprit: each run alone, so the others still land.
      for (const p of group) await commit([p]);
    }
  }

  return {
    persist(input) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ ...input, resolve, reject });
        timer ??= setTimeout(() => {
          timer = undefined;
          const group = queue;
          queue = [];
          void commit(group);
        }, windowMs);
      });
    },
  };
}
