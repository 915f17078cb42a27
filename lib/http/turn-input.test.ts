import { describe, expect, it } from "vitest";
import { readTurnInput } from "./turn-input";

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
