// What authorising a request costs: resolving the actor from an API key (one hashed lookup) and
// from a session cookie (better-auth's session read, then membership and workspace), on PGlite.
// Every API request pays one of these before any work.
import type { BenchScenario } from "@/bench/types";
import { requireActor } from "@/lib/auth/actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { startAuthTestApp } from "@/lib/auth/testing";
import { listWorkspacesOf } from "@/lib/db/memberships";
import { sessionFromHeaders } from "@/lib/auth/session";

async function timed(iterations: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn(); // warm up: JIT, prepared statements
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const scenarios: BenchScenario[] = [
  {
    name: "auth/actor-api-key",
    description: "requireActor for a request carrying an API key (PGlite)",
    target: "p50 ≤ 25 ms",
    async run({ iterations }) {
      const app = await startAuthTestApp("pglite");
      try {
        const cookie = await app.signUp({ email: "bench@example.com" });
        const session = (await sessionFromHeaders(new Headers({ cookie })))!;
        const [workspace] = await listWorkspacesOf(app.db.prisma, { userId: session.userId });
        const { key } = await createApiKey(app.db.prisma, {
          workspaceId: workspace!.id,
          name: "bench",
          createdById: session.userId,
        });
        const request = app.request("/api/v1/conversations", { headers: { authorization: `Bearer ${key}` } });
        return { samplesMs: await timed(iterations, () => requireActor(request, "conversations:read")) };
      } finally {
        await app.dispose();
      }
    },
  },
  {
    name: "auth/actor-session-cookie",
    description: "requireActor for a request carrying a session cookie: session, membership, workspace (PGlite)",
    target: "p50 ≤ 50 ms",
    async run({ iterations }) {
      const app = await startAuthTestApp("pglite");
      try {
        const cookie = await app.signUp({ email: "bench@example.com" });
        const request = app.request("/api/v1/conversations", { cookie });
        return { samplesMs: await timed(iterations, () => requireActor(request, "conversations:read")) };
      } finally {
        await app.dispose();
      }
    },
  },
];
