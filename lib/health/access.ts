// Who sees the details of /api/health (sentences naming the database, the model server's URL,
// upstream errors): a signed-in user or a valid API key. Anyone else sees each dependency's status.
import "server-only";
import { apiKeyFrom, authenticateApiKey } from "@/lib/auth/api-keys";
import { sessionFromHeaders } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/server/log";

/**
 * Whether the request may read the details. A wrong API key is refused as everywhere (401); a
 * database that cannot look credentials up means no details, so health still answers when the
 * database is what is down.
 */
export async function mayReadHealthDetails(request: Request): Promise<boolean> {
  const key = apiKeyFrom(request.headers);
  try {
    if (key) {
      const apiKey = await authenticateApiKey(await prisma(), key);
      // As everywhere (lib/auth/actor): a key that acts for nobody is not a credential.
      if (!apiKey.ownerId)
        throw new AppError(
          "unauthorized:api_key",
          "This API key acts for nobody: it has no owner. Create a new key in Settings → API keys.",
        );
      return true;
    }
    if (!request.headers.get("cookie")) return false;
    return (await sessionFromHeaders(request.headers)) !== null;
  } catch (error) {
    if (isAppError(error) && (error.kind === "unauthorized" || error.kind === "forbidden")) throw error;
    log.warn("Could not check credentials for /api/health; showing statuses only.", error);
    return false;
  }
}
