import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { CellCapture, REPORT_MIME, parseProvenance, type IOPubMessage } from "./capture";
import { imageSize } from "./image-size";

const limits = { streamCapChars: 100, maxImagesPerCell: 2, maxImageBytes: 10_000 };
let png: string;
let jpeg: string;

beforeAll(async () => {
  const raw = { raw: { width: 7, height: 5, channels: 3 as const } };
  png = (
    await sharp(Buffer.alloc(7 * 5 * 3, 200), raw)
      .png()
      .toBuffer()
  ).toString("base64");
  jpeg = (
    await sharp(Buffer.alloc(7 * 5 * 3, 200), raw)
      .jpeg()
      .toBuffer()
  ).toString("base64");
});

const msg = (msg_type: string, content: Record<string, unknown>): IOPubMessage => ({ header: { msg_type }, content });
const display = (data: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  msg("display_data", { data, metadata });

describe("CellCapture", () => {
  it("splits streams, strips ANSI from tracebacks and keeps the last expression's text apart", () => {
    const capture = new CellCapture(limits);
    capture.add(msg("stream", { name: "stdout", text: "hello\n" }));
    capture.add(msg("stream", { name: "stderr", text: "warn\n" }));
    capture.add(msg("error", { ename: "E", evalue: "v", traceback: ["\u001b[31mTraceback\u001b[0m", "E: v"] }));
    capture.add(msg("execute_result", { data: { "text/plain": "42" }, metadata: {} }));
    expect(capture.finish()).toEqual({
      stdout: "hello\n",
      stderr: "warn\nTraceback\nE: v\n",
      images: [],
      crops: [],
      result: "42",
    });
  });

  it("takes PNG over JPEG, reads the size, and drops HTML/JavaScript but keeps their text", () => {
    const capture = new CellCapture(limits);
    capture.add(display({ "image/png": png, "image/jpeg": jpeg, "text/plain": "<img>" }));
    capture.add(
      display({ "text/html": "<b>x</b>", "application/javascript": "alert(1)", "text/plain": "<HTML object>" }),
    );
    capture.add(display({ "text/html": "<i>only html</i>" }));
    const out = capture.finish();
    expect(out.images.map((i) => [i.mediaType, i.width, i.height])).toEqual([["image/png", 7, 5]]);
    expect(out.stdout).toBe("<HTML object>\n");
  });

  it("accepts JPEG-only bundles", () => {
    const capture = new CellCapture(limits);
    capture.add(display({ "image/jpeg": jpeg }));
    expect(capture.finish().images.map((i) => [i.mediaType, i.width, i.height])).toEqual([["image/jpeg", 7, 5]]);
  });

  it("reads provenance at the top level (plt.show) or under the mime type (IPython formatters)", () => {
    const capture = new CellCapture(limits);
    const prov = [{ source: 1, box: [1, 2, 3, 4], ops: ["crop"] }];
    capture.add(display({ "image/png": png }, { loupe: { provenance: prov } }));
    capture.add(display({ "image/png": png }, { "image/png": { loupe: { provenance: prov } } }));
    expect(capture.finish().images.map((i) => i.provenance)).toEqual([prov, prov]);
  });

  it("caps the image count and size with notes in stderr", () => {
    const capture = new CellCapture({ ...limits, maxImageBytes: Buffer.from(png, "base64").length });
    capture.add(display({ "image/png": png }));
    capture.add(
      display({ "image/png": Buffer.concat([Buffer.from(png, "base64"), Buffer.alloc(10)]).toString("base64") }),
    );
    capture.add(display({ "image/png": png }));
    capture.add(display({ "image/png": png }));
    capture.add(display({ "image/png": png }));
    const out = capture.finish();
    expect(out.images).toHaveLength(2);
    expect(out.stderr).toMatch(
      /^\[2 more image\(s\) were not kept: at most 2 per cell\]\n\[an image of \d+ bytes was not kept: the limit is \d+ bytes\]\n$/,
    );
  });

  it("drops bytes that are not an image", () => {
    const capture = new CellCapture(limits);
    capture.add(display({ "image/png": Buffer.from("not a png").toString("base64") }));
    const out = capture.finish();
    expect(out.images).toEqual([]);
    expect(out.stderr).toBe("[an output image could not be read as image/png and was not kept]\n");
  });

  it("takes crops and the kernel's stream totals from the cell report, never as output", () => {
    const capture = new CellCapture(limits);
    capture.add(msg("stream", { name: "stdout", text: "x".repeat(101) }));
    capture.add(
      display({
        [REPORT_MIME]: JSON.stringify({ crops: [{ source: 1, box: [0, 0, 5, 5], ops: ["crop"] }], stdout_chars: 5000 }),
      }),
    );
    const out = capture.finish();
    expect(out.crops).toEqual([{ source: 1, box: [0, 0, 5, 5], ops: ["crop"] }]);
    expect(out.stdout).toBe(`${"x".repeat(100)}\n[output truncated: showing the first 100 of 5000 characters]\n`);
    expect(out.images).toEqual([]);
  });

  it("appends the sandbox's own notes after the kernel's stderr", () => {
    const capture = new CellCapture(limits);
    capture.add(msg("stream", { name: "stderr", text: "partial" }));
    capture.note("TimeoutError: too long.");
    expect(capture.finish().stderr).toBe("partial\nTimeoutError: too long.\n");
  });
});

describe("parseProvenance", () => {
  it("keeps only well-formed entries from model-controlled metadata", () => {
    expect(
      parseProvenance([
        { source: 1, box: [0, 0, 1, 1], ops: ["crop", 3] },
        { source: 0, box: [0, 0, 1, 1] },
        { source: 2, box: [0, 0, 1] },
        { source: 2, box: [0, 0, 1, "x"] },
        "junk",
      ]),
    ).toEqual([{ source: 1, box: [0, 0, 1, 1], ops: ["crop"] }]);
    expect(parseProvenance({ not: "a list" })).toEqual([]);
  });
});

describe("imageSize", () => {
  it("reads PNG and JPEG headers and rejects anything else", () => {
    expect(imageSize(Buffer.from(png, "base64"))).toEqual({ width: 7, height: 5 });
    expect(imageSize(Buffer.from(jpeg, "base64"))).toEqual({ width: 7, height: 5 });
    expect(imageSize(Buffer.from("GIF89a......"))).toBeUndefined();
  });
});
