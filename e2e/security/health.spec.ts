// Health without credentials: anyone could read the database's location and the model server's
// URL from GET /api/health. Without a session or API key it now reports only each dependency's
// status; with a key it keeps the sentences the operator needs.
import { expect, test } from "@playwright/test";
import { authHeaders } from "../support/api";

test("an anonymous GET /api/health reports statuses only, with no address, path or message", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { status: string; components: Record<string, Record<string, unknown>> };
  expect(Object.keys(body.components).sort()).toEqual(["database", "model", "sandbox", "search"]);
  for (const [name, component] of Object.entries(body.components))
    expect(Object.keys(component), name).toEqual(["status"]);
  const text = JSON.stringify(body);
  // The e2e server's mock vLLM and data directory (e2e/support/serve.ts) are nowhere in it.
  expect(text).not.toMatch(/https?:\/\/|127\.0\.0\.1|\/tmp\/|postgres|Connected|serves/i);
});

test("with an API key GET /api/health explains each status; a wrong key is refused", async ({ request }) => {
  const res = await request.get("/api/health", { headers: authHeaders() });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { components: Record<string, { status: string; reason: string }> };
  expect(body.components.database!.reason).toMatch(/database/i);
  expect(body.components.model!.reason).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
  const wrong = await request.get("/api/health", { headers: authHeaders("loupe_sk_wrong") });
  expect(wrong.status()).toBe(401);
});
