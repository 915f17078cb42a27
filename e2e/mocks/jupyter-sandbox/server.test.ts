import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeJupyterSandbox, startFakeJupyterSandbox, successReply } from "./server";

let fake: FakeJupyterSandbox;
beforeAll(async () => {
  fake = await startFakeJupyterSandbox();
});
afterAll(() => fake.close());

const post = async (route: string, body: unknown) =>
  (await fetch(`${fake.url}${route}`, { method: "POST", body: JSON.stringify(body) })).json();

describe("fake jupyter_sandbox", () => {
  it("answers empty code with the reference's string output", async () => {
    expect(await post("/jupyter_sandbox", { session_id: "s", code: "  " })).toEqual({
      output: "Error: No code provided",
      status: "error",
      execution_time: 0,
    });
  });

  it("coerces fields like the reference and replays scripted replies in order", async () => {
    fake.enqueue(successReply({ stdout: "1\n" }));
    expect(await post("/jupyter_sandbox", { session_id: 7, code: "print(1)" })).toMatchObject({
      output: { stdout: "1\n", result: "None" },
      status: "success",
    });
    expect(fake.requests.at(-1)).toEqual({ route: "/jupyter_sandbox", session_id: "7", code: "print(1)", timeout: 5 });
    expect(await post("/clear_session", { session_id: "7" })).toEqual({ status: "success" });
  });
});
