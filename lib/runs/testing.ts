// For tests of the run layer: a runtime on a test database, with the mock vLLM server as its model,
// images stored as in production for the kind of database, and the sandbox and search faked.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FakeSandbox, FakeSearch } from "@/lib/agent/testing/fakes";
import { DatabaseBlobStore } from "@/lib/blobs/database";
import { DiskBlobStore } from "@/lib/blobs/disk";
import { createBlobService } from "@/lib/blobs/service";
import { openTestDatabase, type DatabaseKind, type TestDatabase } from "@/lib/db/testing";
import { parseEnv } from "@/lib/env";
import { startMockVllm, type MockVllm } from "@/e2e/mocks/vllm/server";
import { createRuntime, type Runtime, type RuntimeSettings } from "./runtime";

export interface RunsHarness {
  db: TestDatabase;
  vllm: MockVllm;
  runtime: Runtime;
  /** Stops the runtime, the mock server and the database, and removes the blob directory. */
  close(): Promise<void>;
}

export async function openRunsHarness(
  kind: DatabaseKind,
  options: { settings: Partial<RuntimeSettings>; sandboxResults?: ConstructorParameters<typeof FakeSandbox>[0] },
): Promise<RunsHarness> {
  const db = await openTestDatabase(kind);
  const vllm = await startMockVllm({ tokensPerSecond: 400 });
  const blobDir = await fs.mkdtemp(path.join(os.tmpdir(), "loupe-runs-"));
  const store = kind === "postgres" ? new DatabaseBlobStore(db) : new DiskBlobStore(blobDir);
  const runtime = await createRuntime({
    database: db,
    blobs: createBlobService({ db: db.prisma, store }),
    env: parseEnv({ MODEL_BASE_URL: vllm.url, DATABASE_URL: db.target.url, LOUPE_DATA_DIR: db.target.dataDir }),
    sandbox: new FakeSandbox(options.sandboxResults ?? []),
    search: new FakeSearch({ text: false, image: false }),
    settings: options.settings,
  });
  return {
    db,
    vllm,
    runtime,
    async close() {
      await runtime.close();
      await vllm.close();
      await db.dispose();
      await fs.rm(blobDir, { recursive: true, force: true });
    },
  };
}
