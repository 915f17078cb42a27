import { describe, expect, it } from "vitest";
import type { TraceEvent } from "@/lib/trace";
import { sseResponse } from "./sse";

async function* failingAfterOne(error: unknown): AsyncGenerator<readonly TraceEvent[], void> {
  await Promise.resolve();
  yield [{ seq: 1, at: "2026-01-01T00:00:00.000Z", type: "turn_finished", status: "completed", calls: 0 }];
  throw error;
}

describe("an event stream that fails", () => {
  it("ends with the database outage's code and sentence, never the query's own message", async () => {
    // What a query gets when PostgreSQL's connection is cut mid-stream.
    const closed = Object.assign(
      new Error("Invalid `prisma.traceEvent.findMany()` invocation:\n\nServer has closed the connection."),
      { code: "P1017", meta: { modelName: "TraceEvent" } },
    );
    const text = await sseResponse(failingAfterOne(closed), { abort: new AbortController() }).text();
    expect(text).toContain("id: 1\n");
    const error = /event: error\ndata: (.*)\n\n/.exec(text)?.[1];
    expect(JSON.parse(error!)).toEqual({
      code: "unavailable:database",
      message: "The database is not answering right now. Nothing was changed; try again in a moment.",
    });
    expect(text).not.toContain("prisma");
  });
});
