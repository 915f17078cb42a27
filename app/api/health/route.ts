import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health/checks";
import { json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";

export const dynamic = "force-dynamic";

// GET /api/health – database, sandbox, model endpoint and search: ok, not_configured or down, with
// a reason and latency. 503 only when the database is down (the app cannot work at all).
export async function GET(): Promise<Response> {
  const runtime = await getRuntime().catch(() => undefined);
  const report = await checkHealth(env(), runtime);
  return json(report, { status: report.status === "down" ? 503 : 200 });
}
