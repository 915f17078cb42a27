import { describe, expect, it } from "vitest";
import {
  MAX_IMAGES_PER_TURN,
  MAX_QUESTION_CHARS,
  MAX_TURN_FORM_BYTES,
  MAX_TURN_JSON_BYTES,
  MAX_UPLOAD_BYTES,
} from "@/lib/runs/limits";
import { GiB, MiB, hugeBodyRequest } from "./body-testing";
import { readTurnInput } from "./turn-input";

const CHUNK = 64 * 1024;

const url = "http://loupe.test/api/v1/conversations/c/turns";
const asJson = (body: unknown, type = "application/json") =>
  new Request(url, { method: "POST", headers: { "content-type": type }, body: JSON.stringify(body) });
const asForm = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return new Request(url, { method: "POST", body: form });
};

describe("readTurnInput", () => {
  it("gives a missing question the same code as JSON and as a form", async () => {
    await expect(readTurnInput(asJson({}))).rejects.toMatchObject({ code: "unprocessable:question" });
    await expect(readTurnInput(asForm({}))).rejects.toMatchObject({ code: "unprocessable:question" });
  });

  it("names the field in its code: images, or the request for anything else", async () => {
    await expect(readTurnInput(asJson({ question: "q", images: "x" }))).rejects.toMatchObject({
      code: "unprocessable:images",
      message: expect.stringMatching(/^images: /),
    });
    await expect(readTurnInput(asForm({ question: "q", images: "not a file" }))).rejects.toMatchObject({
      code: "unprocessable:images",
    });
    await expect(readTurnInput(asJson({ question: "q", colour: "red" }))).rejects.toMatchObject({
      code: "unprocessable:request",
    });
  });

  it("leaves an empty question and the image count to startTurn, which words them for both", async () => {
    const images = Array.from({ length: 9 }, () => ({ data: "AAAA", mediaType: "image/png" }));
    expect(await readTurnInput(asJson({ question: " ", images }))).toMatchObject({ question: " " });
  });

  it("reads a media type whatever its case", async () => {
    expect(await readTurnInput(asJson({ question: "q" }, "Application/JSON; charset=UTF-8"))).toEqual({
      question: "q",
      images: [],
    });
  });
});

describe("readTurnInput against oversized bodies", () => {
  const boundary = "----loupe-test";
  const multipart = { "content-type": `multipart/form-data; boundary=${boundary}` };
  const part = (headers: string, content = "") => `--${boundary}\r\n${headers}\r\n\r\n${content}\r\n`;
  const question = part('Content-Disposition: form-data; name="question"', "What is this?");
  const filePart = (name: string, filename: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`;

  it("stops a multipart upload with one endless file at the per-image limit, without reading on", async () => {
    const body = hugeBodyRequest({
      url,
      headers: multipart,
      prefix: question + filePart("images", "huge.png"),
      totalBytes: GiB,
      failAfterBytes: 4 * MAX_UPLOAD_BYTES,
    });
    await expect(readTurnInput(body.request)).rejects.toMatchObject({
      code: "payload_too_large:image",
      status: 413,
      message: "Image 1 (huge.png) is larger than 25 MB.",
    });
    expect(body.pulledBytes()).toBeLessThanOrEqual(MAX_UPLOAD_BYTES + 2 * CHUNK);
  });

  // busboy cuts a field at its limit and drops the rest of it: nothing past the limit is held.
  it.each([
    ["another text field", question + `--${boundary}\r\nContent-Disposition: form-data; name="notes"\r\n\r\n`],
    ["the question", `--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\n`],
  ])("stops an endless text field (%s) at the form's total limit", async (_, prefix) => {
    const body = hugeBodyRequest({
      url,
      headers: multipart,
      prefix,
      totalBytes: GiB,
      chunkBytes: MiB,
      failAfterBytes: MAX_TURN_FORM_BYTES + 4 * MiB,
    });
    await expect(readTurnInput(body.request)).rejects.toMatchObject({
      code: "payload_too_large:body",
      message: `The request body is larger than ${Math.round(MAX_TURN_FORM_BYTES / MiB)} MB, the limit for this request.`,
    });
    expect(body.pulledBytes()).toBeLessThanOrEqual(MAX_TURN_FORM_BYTES + MiB);
  });

  it("refuses a question longer than its limit in a form", async () => {
    const form = new FormData();
    form.set("question", "é".repeat(3 * MAX_QUESTION_CHARS));
    await expect(readTurnInput(new Request(url, { method: "POST", body: form }))).rejects.toMatchObject({
      code: "unprocessable:question",
      message: `The question is longer than the limit of ${MAX_QUESTION_CHARS} characters.`,
    });
  });

  it("stops a 1 GiB JSON turn at what eight images at the per-image limit need", async () => {
    const body = hugeBodyRequest({
      url,
      headers: { "content-type": "application/json" },
      totalBytes: GiB,
      chunkBytes: MiB,
      failAfterBytes: MAX_TURN_JSON_BYTES + 4 * MiB,
    });
    await expect(readTurnInput(body.request)).rejects.toMatchObject({ code: "payload_too_large:body" });
    expect(body.pulledBytes()).toBeLessThanOrEqual(MAX_TURN_JSON_BYTES + MiB);
  });

  it("sizes the JSON limit for eight base64 images at the per-image limit and the longest question", () => {
    const base64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
    expect(MAX_TURN_JSON_BYTES).toBeGreaterThanOrEqual(MAX_IMAGES_PER_TURN * base64 + 6 * MAX_QUESTION_CHARS);
    expect(MAX_TURN_JSON_BYTES).toBeLessThan(MAX_IMAGES_PER_TURN * base64 + 6 * MAX_QUESTION_CHARS + MiB);
  });

  it("keeps the sentences for too many images and a text field where a file goes", async () => {
    const form = new FormData();
    form.set("question", "q");
    for (let i = 0; i < 9; i++) form.append("images", new Blob([new Uint8Array(8)], { type: "image/png" }), `${i}.png`);
    await expect(readTurnInput(new Request(url, { method: "POST", body: form }))).rejects.toMatchObject({
      code: "unprocessable:images",
      message: "At most 8 images can go with one question; this one has 9.",
    });
  });

  it("reads the files of a form with their names and types", async () => {
    const form = new FormData();
    form.set("question", "Qu'est-ce que c'est ?");
    form.append("images", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "café.png");
    form.append("image", new Blob([new Uint8Array([4])]), "b.bin");
    const input = await readTurnInput(new Request(url, { method: "POST", body: form }));
    expect(input.question).toBe("Qu'est-ce que c'est ?");
    expect(input.images).toEqual([
      { data: new Uint8Array([1, 2, 3]), mediaType: "image/png", name: "café.png" },
      { data: new Uint8Array([4]), mediaType: "application/octet-stream", name: "b.bin" },
    ]);
  });

  it("answers a malformed form with a sentence", async () => {
    const request = new Request(url, {
      method: "POST",
      headers: multipart,
      body: `--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nunfinished`,
    });
    await expect(readTurnInput(request)).rejects.toMatchObject({
      code: "bad_request:body",
      message: "The multipart form could not be read.",
    });
  });
});
