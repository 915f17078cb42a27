// The jupyter_sandbox adapter against a fake of the reference HTTP API (a real local server).
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeJupyterSandbox, startFakeJupyterSandbox, successReply } from "@/e2e/mocks/jupyter-sandbox/server";
import type { EncodedImage } from "@/lib/agent/ports";
import { PortError } from "@/lib/agent/ports";
import { SANDBOX_DEFAULTS } from "./config";
import { HttpJupyterSandbox } from "./http-sandbox";

let fake: FakeJupyterSandbox;
let png: Buffer;
let image: EncodedImage;

beforeAll(async () => {
  fake = await startFakeJupyterSandbox();
  png = await sharp(Buffer.alloc(4 * 3 * 3, 9), { raw: { width: 4, height: 3, channels: 3 } })
    .png()
    .toBuffer();
  image = { data: new Uint8Array(png), mediaType: "image/png", width: 4, height: 3 };
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const sandbox = (overrides: Partial<typeof SANDBOX_DEFAULTS> = {}) =>
  new HttpJupyterSandbox({ ...SANDBOX_DEFAULTS, kind: "jupyter_sandbox", url: fake.url, ...overrides });

describe("HttpJupyterSandbox", () => {
  it("loads image_1 with the reference init cell, byte for byte, and each new image once", async () => {
    const sb = sandbox();
    await sb.prepare({ sessionId: "s1", images: [image] });
    const b64 = png.toString("base64");
    expect(fake.requests).toEqual([
      {
        route: "/jupyter_sandbox",
        session_id: "s1",
        code: `\nfrom PIL import Image\nimport base64\nfrom io import BytesIO\n\n_img_base64 = "${b64}"\nimage_1 = Image.open(BytesIO(base64.b64decode(_img_base64)))\n`,
        timeout: 200,
      },
    ]);
    await sb.prepare({ sessionId: "s1", images: [image, image] });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.code).toContain("image_2 = Image.open(");
  });

  it("sends code through faithful mode by default, raw when turned off", async () => {
    await sandbox().execute({ sessionId: "s", code: "for i in range(3):\n    x = i\nprint(x)" });
    await sandbox({ faithful: false }).execute({ sessionId: "s", code: "for i in range(3):\n    x = i\nprint(x)" });
    expect(fake.requests.map((r) => r.code)).toEqual([
      "for i in range(3):\n    x = i\n    print(x)\n",
      "for i in range(3):\n    x = i\nprint(x)",
    ]);
  });

  it("maps output, images as bare base64 or data URIs, and the never-shown result", async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    fake.enqueue(
      successReply({
        stdout: "hi\n",
        images: [png.toString("base64"), `data:image/png;base64,${png.toString("base64")}`, jpeg.toString("base64")],
        result: "3",
      }),
    );
    const r = await sandbox().execute({ sessionId: "s", code: "x" });
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("hi\n");
    expect(r.result).toBe("3");
    expect(r.images.map((i) => [i.mediaType, i.width, i.height])).toEqual([
      ["image/png", 4, 3],
      ["image/png", 4, 3],
      ["image/jpeg", 4, 3],
    ]);
  });

  it("reports tracebacks as errors and the hard timeout as a timeout", async () => {
    fake.enqueue(
      successReply({
        stderr: "---------\nNameError                                 Traceback (most recent call last)\n",
      }),
      {
        output: { result: null, stdout: "", stderr: "TimeOutError: code execution timed out", images: [] },
        status: "success",
      },
    );
    expect((await sandbox().execute({ sessionId: "s", code: "x" })).status).toBe("error");
    const timedOut = await sandbox().execute({ sessionId: "s", code: "while True: pass" });
    expect(timedOut.status).toBe("timeout");
    expect(timedOut.stderr).toBe("TimeOutError: code execution timed out");
  });

  it("handles the string `output` of an empty cell without crashing", async () => {
    const r = await sandbox().execute({ sessionId: "s", code: "   " });
    expect(r.status).toBe("error");
    expect(r.stderr).toBe("Error: No code provided");
  });

  it("caps a 1 MB stdout with the same marker as the local sandbox", async () => {
    fake.enqueue(successReply({ stdout: "y".repeat(1_000_000) }));
    const r = await sandbox({ streamCapChars: 1_000 }).execute({ sessionId: "s", code: "x" });
    expect(r.stdout).toBe(`${"y".repeat(1_000)}\n[output truncated: showing the first 1000 of 1000000 characters]\n`);
  });

  it("turns HTTP errors and an unreachable server into a sandbox_unavailable PortError", async () => {
    fake.enqueue({ httpStatus: 502, body: "bad gateway" });
    await expect(sandbox().execute({ sessionId: "s", code: "x" })).rejects.toMatchObject({
      code: "sandbox_unavailable",
      message: "The code sandbox answered HTTP 502.",
    });
    const down = new HttpJupyterSandbox({
      ...SANDBOX_DEFAULTS,
      kind: "jupyter_sandbox",
      url: "http://127.0.0.1:9",
      faithful: false,
    });
    await expect(down.execute({ sessionId: "s", code: "x" })).rejects.toBeInstanceOf(PortError);
  });

  it("clears the session on release", async () => {
    await sandbox().release("gone");
    expect(fake.requests).toEqual([{ route: "/clear_session", session_id: "gone", code: "", timeout: 5 }]);
  });
});
