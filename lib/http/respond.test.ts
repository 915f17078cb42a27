import { describe, expect, it } from "vitest";
import { BlobStoreError } from "@/lib/blobs/s3";
import { errorResponse } from "./respond";

describe("errorResponse", () => {
  it("answers an image bucket failure with 503 and a sentence for the user, not the operator's", async () => {
    const res = errorResponse(
      new BlobStoreError(
        "Image bucket b: could not open the bucket, because the credentials were refused: check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY.",
      ),
    );
    expect(res.status).toBe(503);
    const body = JSON.stringify(await res.json());
    expect(body).toContain("the image store is not answering");
    expect(body).not.toContain("S3_");
  });
});
