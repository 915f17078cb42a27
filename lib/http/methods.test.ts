import { describe, expect, it } from "vitest";
import { DELETE as deleteRun, OPTIONS as optionsRun, POST as postRun } from "@/app/api/v1/runs/[runId]/route";
import { otherMethods, route } from "./methods";

describe("otherMethods", () => {
  it("answers a method a route does not take with a JSON 405 and the Allow header", async () => {
    const response = await otherMethods("GET", "POST").DELETE(
      new Request("http://loupe.test/api/v1/conversations", { method: "DELETE" }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(await response.json()).toEqual({
      error: {
        code: "method_not_allowed:route",
        message: "/api/v1/conversations does not take DELETE; it takes GET and POST.",
      },
    });
  });

  it("is what the API's routes export for the methods they do not take", async () => {
    const request = (method: string) => new Request("http://loupe.test/api/v1/runs/r", { method });
    expect((await postRun(request("POST"))).status).toBe(405);
    const response = await deleteRun(request("DELETE"));
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const options = await optionsRun(request("OPTIONS"));
    expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS"]);
  });
});

describe("route", () => {
  it("keeps a route's own handlers and refuses the other methods, naming the ones it takes", async () => {
    const ok = () => Promise.resolve(new Response("ok"));
    const methods = route({ PATCH: ok, DELETE: ok });
    const request = (method: string) => new Request("http://loupe.test/api/things/1", { method });
    expect([methods.PATCH, methods.DELETE]).toEqual([ok, ok]);
    const refused = await methods.GET(request("GET"));
    expect([refused.status, refused.headers.get("allow")]).toEqual([405, "PATCH, DELETE, OPTIONS"]);
    expect(await refused.json()).toEqual({
      error: {
        code: "method_not_allowed:route",
        message: "/api/things/1 does not take GET; it takes PATCH and DELETE.",
      },
    });
    const options = await methods.OPTIONS(request("OPTIONS"));
    expect([options.status, options.headers.get("allow")]).toEqual([204, "PATCH, DELETE, OPTIONS"]);
  });
});
