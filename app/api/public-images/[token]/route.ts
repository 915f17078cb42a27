import { publicImageResponse } from "@/lib/search/public-image-response";
import { getRuntime } from "@/lib/runs/runtime";

export const dynamic = "force-dynamic";

// GET /api/public-images/:token – the conversation's image for a reverse-image-search provider:
// no session (the provider has none), single-use, short-lived, EXIF stripped; 404 for anything else.
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const runtime = await getRuntime();
  return publicImageResponse(runtime.searchService?.imageUrls ?? null, request.method, (await params).token);
}

export const HEAD = GET;
