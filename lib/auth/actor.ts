// Who is making a request, resolved once per request. Today: an API key acting in its workspace.
// Signed-in users (sessions) plug in here; route handlers only ever see an `Actor`.
import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { apiKeyFrom, authenticateApiKey, requireScope, type ApiKeyActor, type ApiKeyScope } from "./api-keys";

export type Actor = ApiKeyActor;

export async function requireActor(request: Request, scope: ApiKeyScope): Promise<Actor> {
  const key = apiKeyFrom(request.headers);
  if (!key) {
    throw new AppError("unauthorized:api_key", "This API needs an API key: send `Authorization: Bearer <key>`.");
  }
  const actor = await authenticateApiKey(await prisma(), key);
  requireScope(actor, scope);
  return actor;
}
