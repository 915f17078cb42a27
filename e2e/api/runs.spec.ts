// The public API v1 against the running app: the real agent loop, sandbox and database, with the
// mock vLLM server and fake search providers behind the production settings.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { authHeaders, fixture, readSse, traceEvents } from "../support/api";
import type { FixtureImage } from "../fixtures";

async function newConversation(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/v1/conversations", { headers: authHeaders() });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function ask(
  request: APIRequestContext,
  question: string,
  image: FixtureImage = "coffee.png",
): Promise<{ conversationId: string; runId: string }> {
  const conversationId = await newConversation(request);
  const res = await request.post(`/api/v1/conversations/${conversationId}/turns`, {
    headers: authHeaders(),
    multipart: { question, images: { name: image, mimeType: "image/png", buffer: fixture(image) } },
  });
  expect(res.status(), await res.text()).toBe(202);
  return { conversationId, ...((await res.json()) as { runId: string }) };
}

async function finalRun(request: APIRequestContext, runId: string) {
  for (let i = 0; i < 240; i++) {
    const run = (await (await request.get(`/api/v1/runs/${runId}`, { headers: authHeaders() })).json()) as {
      status: string;
      answer?: string;
      error?: { code: string; message: string };
    };
    if (!["queued", "running"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the run did not finish");
}

test.describe("authentication", () => {
  test("refuses requests without a valid key, with a sentence", async ({ request }) => {
    const none = await request.get("/api/v1/conversations");
    expect(none.status()).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { code: "unauthorized:api_key", message: expect.stringContaining("API key") },
    });
    const bad = await request.get("/api/v1/conversations", {
      headers: { authorization: "Bearer loupe_notARealKeyAtAll0000000000000000" },
    });
    expect(bad.status()).toBe(401);
  });

  test("the same key gets the same decision in either header", async ({ request }) => {
    const key = authHeaders().authorization!.split(" ")[1]!;
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${key}` },
      { authorization: `bearer   ${key}` },
      { "x-api-key": key },
    ];
    for (const headers of variants) {
      expect((await request.get("/api/v1/conversations", { headers })).status()).toBe(200);
    }
    const mixed = await request.get("/api/v1/conversations", {
      headers: { authorization: `Bearer ${key}`, "x-api-key": `${key.slice(0, -1)}X` },
    });
    expect(mixed.status()).toBe(400);
  });
});

test.describe("conversations and turns", () => {
  test("a full turn: think, code in the sandbox, search, answer — streamed, stored and exported", async ({
    request,
    baseURL,
  }) => {
    const { conversationId, runId } = await ask(
      request,
      "When did it launch? [[script:think-code-search-answer]]",
      "hubble_deep_field.jpg",
    );
    const stream = await fetch(`${baseURL}/api/v1/runs/${runId}/events`, { headers: authHeaders() });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const messages = await readSse(stream);
    const events = traceEvents(messages);
    expect(events[0]?.type).toBe("turn_started");
    expect(events.at(-1)?.type).toBe("turn_finished");
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    const observation = events.find((e) => e.type === "observation") as unknown as {
      observation: {
        tool: string;
        result: { stdout: string; crops: { source: number; box: number[] }[]; images: unknown[] };
      };
    };
    expect(observation.observation.tool).toBe("python");
    expect(observation.observation.result.stdout).toBe("1008 868\n");
    expect(observation.observation.result.crops[0]).toMatchObject({ source: 1, box: [0, 0, 504, 434] });
    expect(messages.at(-1)).toMatchObject({ event: "end" });
    expect(JSON.parse(messages.at(-1)!.data)).toMatchObject({ status: "completed", answer: "1990" });

    const exported = (await (
      await request.get(`/api/v1/conversations/${conversationId}`, { headers: authHeaders() })
    ).json()) as {
      schema: string;
      turns: { answer: string; images: { url: string; width: number }[]; trace: { steps: { kind: string }[] } }[];
    };
    expect(exported.schema).toBe("loupe.conversation.v1");
    expect(exported.turns[0]).toMatchObject({ answer: "1990", images: [{ width: 1008 }] });
    expect(exported.turns[0]!.trace.steps.map((s) => s.kind)).toEqual([
      "thought",
      "code",
      "thought",
      "search",
      "thought",
      "answer",
    ]);
    const image = await request.get(exported.turns[0]!.images[0]!.url, { headers: authHeaders() });
    expect(image.headers()["content-type"]).toBe("image/png");
  });

  test("accepts JSON with base64 images and resumes a stream after Last-Event-ID", async ({ request, baseURL }) => {
    const conversationId = await newConversation(request);
    const res = await request.post(`/api/v1/conversations/${conversationId}/turns`, {
      headers: authHeaders(),
      data: {
        question: "What is it? [[script:answer]]",
        images: [{ data: fixture("chelsea.png").toString("base64"), mediaType: "image/png" }],
      },
    });
    expect(res.status()).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(await finalRun(request, runId)).toMatchObject({ status: "completed", answer: "A red bicycle" });
    const all = traceEvents(
      await readSse(await fetch(`${baseURL}/api/v1/runs/${runId}/events`, { headers: authHeaders() })),
    );
    const middle = all[Math.floor(all.length / 2)]!.seq;
    const rest = traceEvents(
      await readSse(
        await fetch(`${baseURL}/api/v1/runs/${runId}/events`, {
          headers: { ...authHeaders(), "last-event-id": String(middle) },
        }),
      ),
    );
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((e) => e.seq > middle)).toBe(true);
    expect(rest.at(-1)?.type).toBe("turn_finished");
  });

  test("bad input gets a clear error and stores nothing", async ({ request }) => {
    const conversationId = await newConversation(request);
    const url = `/api/v1/conversations/${conversationId}/turns`;
    const empty = await request.post(url, { headers: authHeaders(), data: { question: "  ", images: [] } });
    expect(empty.status()).toBe(422);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/question/);
    const noImage = await request.post(url, { headers: authHeaders(), data: { question: "hi", images: [] } });
    expect(noImage.status()).toBe(422);
    expect(((await noImage.json()) as { error: { message: string } }).error.message).toMatch(/needs an image/);
    const notImage = await request.post(url, {
      headers: authHeaders(),
      multipart: {
        question: "hi",
        images: { name: "notes.txt", mimeType: "image/png", buffer: Buffer.from("not an image at all") },
      },
    });
    expect(notImage.status()).toBe(422);
    const text = await request.post(url, {
      headers: { ...authHeaders(), "content-type": "text/plain" },
      data: "question=hi",
    });
    expect(text.status()).toBe(415);
    const unknown = await request.post("/api/v1/conversations/00000000-0000-0000-0000-000000000000/turns", {
      headers: authHeaders(),
      data: { question: "hi", images: [] },
    });
    expect(unknown.status()).toBe(404);
    expect((await request.get("/api/v1/runs/not-a-uuid", { headers: authHeaders() })).status()).toBe(404);
    const exported = (await (
      await request.get(`/api/v1/conversations/${conversationId}`, { headers: authHeaders() })
    ).json()) as {
      turns: unknown[];
    };
    expect(exported.turns).toEqual([]);
  });

  test("lists conversations a page at a time", async ({ request }) => {
    for (let i = 0; i < 3; i++) await newConversation(request);
    const first = (await (await request.get("/api/v1/conversations?limit=2", { headers: authHeaders() })).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (
      await request.get(`/api/v1/conversations?limit=2&cursor=${first.nextCursor}`, { headers: authHeaders() })
    ).json()) as { items: { id: string }[] };
    expect(second.items[0]!.id).not.toBe(first.items[1]!.id);
    expect((await request.get("/api/v1/conversations?limit=0", { headers: authHeaders() })).status()).toBe(422);
    const stale = await request.get("/api/v1/conversations?cursor=nonsense", { headers: authHeaders() });
    expect(stale.status()).toBe(422);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toMatch(
      /nextCursor of an earlier page/,
    );
  });
});

test.describe("faults", () => {
  test("the run completes when the viewer disconnects mid-run", async ({ request, baseURL }) => {
    const { runId } = await ask(request, "Look closely [[script:crop-and-answer]]");
    const controller = new AbortController();
    const stream = await fetch(`${baseURL}/api/v1/runs/${runId}/events`, {
      headers: authHeaders(),
      signal: controller.signal,
    });
    const first = await readSse(stream, (m) => m.event === "message");
    expect(first).toHaveLength(1);
    controller.abort();
    expect(await finalRun(request, runId)).toMatchObject({ status: "completed", answer: "STOP" });
  });

  test("cancel stops a running run and keeps its partial trace", async ({ request, baseURL }) => {
    const { runId } = await ask(request, "Think forever [[script:hang]]");
    await expect
      .poll(
        async () =>
          (
            (await (await request.get(`/api/v1/runs/${runId}`, { headers: authHeaders() })).json()) as {
              status: string;
            }
          ).status,
      )
      .toBe("running");
    const cancelled = await request.post(`/api/v1/runs/${runId}/cancel`, { headers: authHeaders() });
    expect(cancelled.status()).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    const events = traceEvents(
      await readSse(await fetch(`${baseURL}/api/v1/runs/${runId}/events`, { headers: authHeaders() })),
    );
    expect(events[0]?.type).toBe("turn_started");
    expect(events.at(-1)).toMatchObject({ type: "turn_finished", status: "cancelled" });
  });

  test("a model stream that dies mid-answer fails the run with a sentence; retry makes a new run", async ({
    request,
  }) => {
    const { runId } = await ask(request, "Go [[script:drop]]");
    const failed = await finalRun(request, runId);
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toMatch(/\w+ \w+/);
    const retry = await request.post(`/api/v1/runs/${runId}/retry`, { headers: authHeaders() });
    expect(retry.status()).toBe(202);
    const { runId: second } = (await retry.json()) as { runId: string };
    expect(second).not.toBe(runId);
    expect(await finalRun(request, second)).toMatchObject({ status: "failed" });
    const again = await request.post(`/api/v1/runs/${runId}/continue`, { headers: authHeaders() });
    expect([202, 409]).toContain(again.status());
  });
});
