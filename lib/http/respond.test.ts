import { describe, expect, it } from "vitest";
import { BlobStoreError } from "@/lib/blobs/s3";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { errorResponse, zodSentence } from "./respond";

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
  it("closes the connection after a 413, whose body was not read to its end", async () => {
    const res = errorResponse(new AppError("payload_too_large:body", "The request body is larger than 64 KB."));
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large:body", message: "The request body is larger than 64 KB." },
    });
  });
});

describe("zodSentence", () => {
  const schema = z
    .object({
      limit: z.coerce.number().int().optional(),
      title: z.string().optional(),
      images: z.array(z.string()).optional(),
      question: z.string({ message: "is required" }),
    })
    .strict();
  const sentence = (input: unknown) => zodSentence(schema.safeParse(input).error!);

  it.each([
    [{ question: "q", limit: "abc" }, "limit: must be a number."],
    [{ question: "q", limit: "2.5" }, "limit: must be a whole number."],
    [{ question: "q", title: 5 }, "title: must be text."],
    [{ question: "q", images: null }, "images: must be a list."],
    [{ question: "q", foo: 1 }, 'this field is not taken here: "foo". docs/api.md lists the fields of each request.'],
    [{}, "question: is required"],
  ])("words %o for a person", (input, expected) => {
    expect(sentence(input)).toBe(expected);
  });
});
