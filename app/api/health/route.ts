import { env } from "@/lib/env";
import { mayReadHealthDetails } from "@/lib/health/access";
import { checkHealth } from "@/lib/health/checks";
import { publicHealth } from "@/lib/health/types";
import { handler, json } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/health – database, sandbox, model endpoint and search: ok, not_configured or down; with
// a session or an API key also a reason, latency and warnings for each. 503 only when the database
// is down (the app cannot work at all).
const onGet = handler(async (request: Request) => {
  const detailed = await mayReadHealthDetails(request);
  const runtime = await getRuntime().catch(() => undefined);
  const report = await checkHealth(env(), runtime);
  return json(detailed ? report : publicHealth(report), { status: report.status === "down" ? 503 : 200 });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
