import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_IMAGES_PER_TURN,
  MAX_QUESTION_CHARS,
  MAX_TURN_FORM_BYTES,
  MAX_TURN_JSON_BYTES,
  MAX_UPLOAD_BYTES,
} from "@/lib/runs/limits";
import { MemoryBudget } from "@/lib/runs/upload-budget";
import { GiB, MiB, hugeBodyRequest } from "./body-testing";
import { withTurnInput, type TurnInputOptions } from "./turn-input";

const CHUNK = 64 * 1024;

// Each test's images are spooled here; every test ends with it empty, whichever way it went.
let spoolDir: string;
beforeAll(() => void (spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-turn-input-"))));
afterEach(() => expect(fs.readdirSync(spoolDir)).toEqual([]));
afterAll(() => fs.rmSync(spoolDir, { recursive: true, force: true }));

/** Waits for room as long as it takes (no clock moves in these tests) unless told otherwise. */
const patientClock = {
  sleep: (_ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true })),
};
const newBudget = (capacity = 64 * MiB, clock = patientClock) => new MemoryBudget(capacity, { waitMs: 30_000, clock });

const readTurnInput = (request: Request, options: TurnInputOptions = {}) =>
  withTurnInput(request, (input) => Promise.resolve(input), { spoolDir, budget: newBudget(), ...options });

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

describe("readTurnInput and the upload budget", () => {
  const boundary = "----loupe-budget";
  const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
  const question = `--${boundary}\r\nContent-Disposition: form-data; name="question"\r\n\r\nWhat is this?\r\n`;
  const filePart = (filename: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`;
  const form = (image: Uint8Array, init: RequestInit = {}) =>
    new Request(url, {
      method: "POST",
      headers,
      body: Buffer.concat([Buffer.from(question + filePart("a.png")), image, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      ...init,
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("holds nothing in memory for 20 oversized uploads at once: each is cut on disk at the per-image limit", async () => {
    const budget = newBudget();
    const bodies = Array.from({ length: 20 }, (_, i) =>
      hugeBodyRequest({
        url,
        headers,
        prefix: question + filePart(`huge-${i}.png`),
        totalBytes: GiB,
        failAfterBytes: 4 * MAX_UPLOAD_BYTES,
      }),
    );
    const answers = await Promise.allSettled(bodies.map((body) => readTurnInput(body.request, { budget })));
    for (const [i, answer] of answers.entries()) {
      expect(answer).toMatchObject({
        status: "rejected",
        reason: { code: "payload_too_large:image", message: `Image 1 (huge-${i}.png) is larger than 25 MB.` },
      });
      expect(bodies[i]!.pulledBytes()).toBeLessThanOrEqual(MAX_UPLOAD_BYTES + 2 * CHUNK);
    }
    expect(budget.highWater).toBe(0);
    expect(budget.held).toBe(0);
  });

  it("leaves no file behind when the client goes away in the middle of an image", async () => {
    const body = hugeBodyRequest({
      url,
      headers,
      prefix: question + filePart("cut.png"),
      totalBytes: GiB,
      failAfterBytes: 2 * MiB, // the stream errors here, as a request does when its client is gone
    });
    await expect(readTurnInput(body.request)).rejects.toMatchObject({ code: "bad_request:body" });
  });

  it("never holds more than the budget for 20 accepted uploads at once, and gives it all back", async () => {
    const budget = newBudget(3 * MiB);
    const seen: number[] = [];
    const inputs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTurnInput(
          form(new Uint8Array(MiB).fill(i)),
          async (input) => {
            seen.push(budget.held);
            await settle(); // the turn is still being started: its images stay counted
            return input;
          },
          { spoolDir, budget },
        ),
      ),
    );
    for (const [i, input] of inputs.entries()) {
      expect(input.images).toHaveLength(1);
      expect(Buffer.from(input.images[0]!.data).equals(Buffer.alloc(MiB, i))).toBe(true); // toEqual is slow here
    }
    expect(Math.max(...seen)).toBeLessThanOrEqual(3 * MiB);
    expect(budget.highWater).toBeLessThanOrEqual(3 * MiB);
    expect(budget.highWater).toBeGreaterThanOrEqual(MiB);
    expect(budget.held).toBe(0);
  });

  it("gives the images' memory back when the turn is refused after they were read", async () => {
    const budget = newBudget();
    await expect(
      withTurnInput(
        form(new Uint8Array(1000)),
        () => {
          expect(budget.held).toBe(1000);
          return Promise.reject(new Error("the conversation is still answering"));
        },
        { spoolDir, budget },
      ),
    ).rejects.toThrow("the conversation is still answering");
    expect(budget.held).toBe(0);
  });

  it("holds nothing and leaves no file for a client that goes away while it waits for room", async () => {
    const budget = newBudget(MiB);
    const other = await budget.reserve(MiB);
    const client = new AbortController();
    const waiting = readTurnInput(form(new Uint8Array(1000), { signal: client.signal }), { budget });
    waiting.catch(() => undefined);
    while (budget.waiting === 0) await settle();
    client.abort();
    await expect(waiting).rejects.toMatchObject({ code: "bad_request:body" });
    expect(budget.waiting).toBe(0);
    expect(budget.held).toBe(MiB);
    other();
  });

  it("answers 503 unavailable:uploads, with no file left, when no room comes in time", async () => {
    const budget = newBudget(MiB, { sleep: () => Promise.resolve() }); // the wait is over at once
    const other = await budget.reserve(MiB);
    await expect(readTurnInput(form(new Uint8Array(1000)), { budget })).rejects.toMatchObject({
      code: "unavailable:uploads",
      status: 503,
    });
    expect(budget.held).toBe(MiB);
    other();
  });

  it("answers 503 unavailable:uploads, with no file left, when the disk refuses an image", async () => {
    // The request's spool directory exists before its body is read: its first image goes to /dev/full.
    let sent = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent) return controller.close();
          sent = true;
          const [dir] = fs.readdirSync(spoolDir);
          fs.symlinkSync("/dev/full", path.join(spoolDir, dir!, "0"));
          controller.enqueue(Buffer.from(question + filePart("full.png")));
          controller.enqueue(new Uint8Array(MiB));
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
        },
      },
      { highWaterMark: 0 },
    ); // nothing is made before the reader asks
    const request = new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
    await expect(readTurnInput(request)).rejects.toMatchObject({
      code: "unavailable:uploads",
      message: expect.stringMatching(/could not write them to its disk/),
    });
  });
});
