import { isBlobKey } from "@/lib/blobs";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/respond";
import { imageResponse } from "@/lib/http/image-response";
import { getRuntime } from "@/lib/runs/runtime";
import { verifyBlobUrl } from "@/lib/crypto/signed-urls";
import { route } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

// GET /api/model-images/:key?exp&sig – an image for the vLLM server to fetch (MODEL_IMAGE_TRANSPORT=url)
const onGet = handler(async (request: Request, { params }: { params: Promise<{ key: string }> }) => {
  const { key } = await params;
  const url = new URL(request.url);
  if (!isBlobKey(key) || !verifyBlobUrl({ key, exp: url.searchParams.get("exp"), sig: url.searchParams.get("sig") })) {
    throw new AppError("not_found:image", "There is no such image.");
  }
  return imageResponse(await getRuntime(), key, { private: true });
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
