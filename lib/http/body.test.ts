import { describe, expect, it } from "vitest";
import { GiB, hugeBodyRequest } from "./body-testing";
import { MAX_JSON_BYTES, readJson, withBodyLimit } from "./body";

const CHUNK = 64 * 1024;

describe("readJson", () => {
  it("stops a 1 GiB chunked body without Content-Length just past its limit, with a 413 sentence", async () => {
    const body = hugeBodyRequest({ totalBytes: GiB, failAfterBytes: 4 * MAX_JSON_BYTES });
    await expect(readJson(body.request)).rejects.toMatchObject({
      code: "payload_too_large:body",
      status: 413,
      message: "The request body is larger than 64 KB, the limit for this request.",
    });
    expect(body.pulledBytes()).toBeLessThanOrEqual(MAX_JSON_BYTES + CHUNK);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const body = hugeBodyRequest({
      headers: { "content-length": "100" },
      totalBytes: GiB,
      failAfterBytes: 4 * MAX_JSON_BYTES,
    });
    await expect(readJson(body.request)).rejects.toMatchObject({ code: "payload_too_large:body" });
    expect(body.pulledBytes()).toBeLessThanOrEqual(MAX_JSON_BYTES + CHUNK);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const body = hugeBodyRequest({
      headers: { "content-length": String(GiB) },
      totalBytes: GiB,
      failAfterBytes: 4 * MAX_JSON_BYTES,
    });
    await expect(readJson(body.request)).rejects.toMatchObject({ code: "payload_too_large:body" });
    expect(body.pulled()).toBe(0);
  });

  it("keeps each route's own limit", async () => {
    const body = hugeBodyRequest({ totalBytes: GiB, chunkBytes: 1024, failAfterBytes: 64 * 1024 });
    await expect(readJson(body.request, { maxBytes: 2048 })).rejects.toMatchObject({
      message: "The request body is larger than 2 KB, the limit for this request.",
    });
    expect(body.pulledBytes()).toBeLessThanOrEqual(2048 + 1024);
  });

  it("reads a chunked body under the limit", async () => {
    const parts = ['{"name":', '"Lab"}'].map((s) => new TextEncoder().encode(s));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    const request = new Request("http://loupe.test/x", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await readJson(request)).toEqual({ name: "Lab" });
  });
});

describe("withBodyLimit", () => {
  it("cuts a 1 GiB body for a handler that reads it itself (better-auth) at the limit", async () => {
    const body = hugeBodyRequest({ totalBytes: GiB, failAfterBytes: 1024 * 1024 });
    await expect(withBodyLimit(body.request, 16 * 1024)).rejects.toMatchObject({
      code: "payload_too_large:body",
      message: "The request body is larger than 16 KB, the limit for this request.",
    });
    expect(body.pulledBytes()).toBeLessThanOrEqual(16 * 1024 + CHUNK);
  });

  it("passes a body under the limit on unchanged, with its method, headers and URL", async () => {
    const original = new Request("http://loupe.test/api/auth/sign-in/email?x=1", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://loupe.test" },
      body: '{"email":"a@b.c"}',
    });
    const bounded = await withBodyLimit(original, 16 * 1024);
    expect(bounded.url).toBe(original.url);
    expect(bounded.method).toBe("POST");
    expect(bounded.headers.get("origin")).toBe("http://loupe.test");
    expect(await bounded.json()).toEqual({ email: "a@b.c" });
  });

  it("leaves a request without a body alone", async () => {
    const get = new Request("http://loupe.test/api/auth/get-session");
    expect(await withBodyLimit(get, 16 * 1024)).toBe(get);
  });
});
