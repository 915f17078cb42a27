import { requireNotGuessing, tokenGuessing } from "@/lib/auth/token-guessing";
import { route } from "@/lib/http/methods";
import { requestClient } from "@/lib/http/request-client";
import { errorResponse } from "@/lib/http/respond";
import { publicImageResponse } from "@/lib/search/public-image-response";
import { getRuntime } from "@/lib/runs/runtime";

export const dynamic = "force-dynamic";

// GET /api/public-images/:token – the conversation's image for a reverse-image-search provider:
// no session (the provider has none), single-use, short-lived, EXIF stripped; 404 for anything else.
// A client that asks for too many tokens that open nothing is refused for a while (429).
async function onGet(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const client = requestClient(request.headers);
  try {
    requireNotGuessing(client);
  } catch (error) {
    return errorResponse(error);
  }
  const runtime = await getRuntime();
  const response = await publicImageResponse(
    runtime.searchService?.imageUrls ?? null,
    request.method,
    (await params).token,
  );
  if (response.status === 404) tokenGuessing().miss(client);
  return response;
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
export const HEAD = onGet;
