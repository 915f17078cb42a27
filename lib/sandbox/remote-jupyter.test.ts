// The "jupyter" backend (any Jupyter Server / Enterprise Gateway by URL and token), against a
// plain Jupyter Server with Debian's stock python3 kernel: the bootstrap arrives as a first cell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ManagedSandbox, checkSandbox, createSandbox } from "./index";
import { quadrantImage } from "./test-support";
import { type PlainJupyterServer, startPlainJupyterServer } from "./testing/plain-jupyter-server";

let server: PlainJupyterServer;
let sandbox: ManagedSandbox;

beforeAll(async () => {
  server = await startPlainJupyterServer();
  sandbox = createSandbox({
    kind: "jupyter",
    url: server.url,
    token: server.token,
    kernelName: "python3",
    poolSize: 0,
    cellTimeoutMs: 5_000,
  });
});

afterAll(async () => {
  await sandbox?.close();
  await server?.stop();
});

describe("remote Jupyter Server backend", () => {
  it("bootstraps the kernel: image_1, provenance and faithful mode work as locally", async () => {
    await sandbox.prepare({ sessionId: "r", images: [await quadrantImage()] });
    const r = await sandbox.execute({
      sessionId: "r",
      code: "c = image_1.crop((0, 0, 50, 40))\nplt.imshow(c)\nplt.show()\nfor i in range(2):\n    x = i\nprint(x)",
    });
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("0\n1\n");
    expect(r.images.map((i) => i.provenance)).toEqual([[{ source: 1, box: [0, 0, 50, 40], ops: ["crop"] }]]);
  });

  it("reports health, and a wrong token as a plain sentence", async () => {
    expect((await sandbox.health()).status).toBe("ok");
    expect(await checkSandbox({ kind: "jupyter", url: server.url, token: server.token })).toMatchObject({
      status: "ok",
    });
    expect(await checkSandbox({ kind: "jupyter", url: server.url, token: "wrong" })).toMatchObject({
      status: "down",
      reason: `The Jupyter server at ${server.url} answered HTTP 403 (check SANDBOX_TOKEN).`,
    });
  });
});

describe("checkSandbox", () => {
  it("says what is missing for a remote kind without a URL", async () => {
    expect(await checkSandbox({ kind: "jupyter" })).toEqual({
      status: "not_configured",
      reason: "The jupyter sandbox needs a URL (SANDBOX_URL).",
      latencyMs: 0,
    });
  });

  it("finds the Debian packages and a working bubblewrap for the local sandbox", async () => {
    expect(await checkSandbox({ kind: "local" })).toMatchObject({ status: "ok" });
  });
});
