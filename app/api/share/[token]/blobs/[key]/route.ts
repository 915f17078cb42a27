import { isBlobKey } from "@/lib/blobs";
import { AppError } from "@/lib/errors";
import { imageResponse } from "@/lib/http/image-response";
import { requestClient } from "@/lib/http/request-client";
import { handler } from "@/lib/http/respond";
import { getRuntime } from "@/lib/runs/runtime";
import { sharedBlobVisible } from "@/lib/shares/service";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/share/:token/blobs/:key – an image the shared conversation shows, and no other
const onGet = handler(async (request: Request, { params }: { params: Promise<{ token: string; key: string }> }) => {
  const { token, key } = await params;
  const runtime = await getRuntime();
  if (
    !isBlobKey(key) ||
    !(await sharedBlobVisible(runtime.database.prisma, { token, key, client: requestClient(request.headers) }))
  ) {
    throw new AppError("not_found:image", "There is no such image, or you cannot see it.");
  }
  // private: a revoked link must stop serving, so shared caches may not keep the bytes.
  return imageResponse(runtime, key, { private: true });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
