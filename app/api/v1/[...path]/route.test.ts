import { describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "./route";

describe("an unknown /api/v1 route", () => {
  it.each([
    ["GET", GET, "/api/v1/nope"],
    ["POST", POST, "/api/v1/runs"],
    ["DELETE", DELETE, "/api/v1/conversations/x/y/z"],
  ])("answers %s with a JSON 404 naming the route", async (method, route, path) => {
    const response = await route(new Request(`http://loupe.test${path}`, { method }));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      error: {
        code: "not_found:route",
        message: `There is no API route ${method} ${path}. The routes are listed in docs/api.md.`,
      },
    });
  });
});
