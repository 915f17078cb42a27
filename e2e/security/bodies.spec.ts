// Unbounded request bodies: a 1 GiB body sent chunked (no Content-Length) to a turn route or to
// sign-in, sign-up or password reset was buffered whole before any size check (the process grew
// by gigabytes and answered 500). Each route now counts bytes as they arrive and stops at its own
// limit with a 413 and a sentence, and the app keeps answering.
import { expect, test } from "@playwright/test";
import { authHeaders } from "../support/api";
import { postEndlessBody, type EndlessBodyAnswer } from "../support/endless-body";

test.describe.configure({ timeout: 180_000 });

const MiB = 1024 ** 2;

function expect413(answer: EndlessBodyAnswer, sentence: RegExp, limitBytes: number) {
  expect(answer.status, answer.body).toBe(413);
  expect(answer.headers["content-type"]).toContain("application/json");
  const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(error.code).toMatch(/^payload_too_large:/);
  expect(error.message).toMatch(sentence);
  // Answered once about the limit had arrived (and what the sockets hold), not the whole gigabyte.
  expect(answer.sentBytes).toBeLessThan(limitBytes + 64 * MiB);
}

test.describe("oversized chunked bodies", () => {
  for (const path of [
    "/api/auth/sign-in/email",
    "/api/auth/sign-up/email",
    "/api/auth/request-password-reset",
    "/api/auth/reset-password",
  ]) {
    test(`${path} stops reading a 1 GiB body at its limit, before better-auth sees it`, async ({ baseURL }) => {
      const answer = await postEndlessBody({
        url: `${baseURL}${path}`,
        headers: { "content-type": "application/json", origin: new URL(baseURL!).origin },
        prefix: '{"email":"a@loupe.test","password":"',
      });
      expect413(answer, /^The request body is larger than 16 KB, the limit for this request\.$/, 16 * 1024);
    });
  }

  test("a turn's multipart form stops reading an endless image at the per-image limit", async ({
    baseURL,
    request,
  }) => {
    const created = await request.post("/api/v1/conversations", { headers: authHeaders() });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const boundary = "----loupe-endless";
    const answer = await postEndlessBody({
      url: `${baseURL}/api/v1/conversations/${id}/turns`,
      headers: { ...authHeaders(), "content-type": `multipart/form-data; boundary=${boundary}` },
      prefix:
        `--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nWhat is this?\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="endless.png"\r\nContent-Type: image/png\r\n\r\n`,
    });
    expect413(answer, /^Image 1 \(endless\.png\) is larger than 25 MB\.$/, 25 * MiB);
  });

  test("a turn's JSON stops reading at what eight images at the per-image limit need", async ({ baseURL, request }) => {
    const created = await request.post("/api/v1/conversations", { headers: authHeaders() });
    const { id } = (await created.json()) as { id: string };
    const answer = await postEndlessBody({
      url: `${baseURL}/api/v1/conversations/${id}/turns`,
      headers: { ...authHeaders(), "content-type": "application/json" },
      prefix: '{"question":"What is this?","images":[{"mediaType":"image/png","data":"',
    });
    expect413(answer, /^The request body is larger than 267 MB, the limit for this request\.$/, 267 * MiB);
  });

  test("an ordinary JSON route stops reading at 64 KB", async ({ baseURL }) => {
    const answer = await postEndlessBody({
      url: `${baseURL}/api/v1/conversations`,
      headers: { ...authHeaders(), "content-type": "application/json" },
      prefix: '{"title":"',
    });
    expect413(answer, /^The request body is larger than 64 KB, the limit for this request\.$/, 64 * 1024);
  });

  test("the app keeps answering: health, and a sign-up with an ordinary body", async ({ request, baseURL }) => {
    expect((await request.get("/api/health")).status()).toBe(200);
    const res = await request.post("/api/auth/sign-up/email", {
      headers: { origin: new URL(baseURL!).origin },
      data: { email: `bodies-${Date.now()}@loupe.test`, name: "Bodies", password: "correct horse battery staple" },
    });
    expect(res.status(), await res.text()).toBe(200);
  });
});
