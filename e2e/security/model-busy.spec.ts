// Overload: the model server answers 503 (vLLM's queue is full) with Retry-After. The run waits as
// asked and tries again (at most 3 tries within 30 s) instead of failing at once, and its trace
// shows each retry as "Model busy, retrying …".
import { expect, test, type APIRequestContext } from "@playwright/test";
import { authHeaders, fixture, readSse, traceEvents } from "../support/api";

async function ask(request: APIRequestContext, question: string) {
  const created = await request.post("/api/v1/conversations", { headers: authHeaders() });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const res = await request.post(`/api/v1/conversations/${id}/turns`, {
    headers: authHeaders(),
    multipart: { question, images: { name: "coffee.png", mimeType: "image/png", buffer: fixture("coffee.png") } },
  });
  expect(res.status(), await res.text()).toBe(202);
  return { conversationId: id, ...((await res.json()) as { runId: string }) };
}

test("a run whose model server answers 503 twice waits, retries and completes, and its trace shows the retries", async ({
  request,
  baseURL,
}) => {
  // A nonce makes the request distinct, so the mock's busy answers are counted for this run alone.
  const { conversationId, runId } = await ask(request, `Is it busy? ${Date.now()} [[script:busy-twice]]`);
  const stream = await fetch(`${baseURL}/api/v1/runs/${runId}/events`, { headers: authHeaders() });
  expect(stream.status).toBe(200);
  const events = traceEvents(await readSse(stream));
  expect(events.filter((e) => e.type === "model_retry")).toEqual([
    expect.objectContaining({ attempt: 2, maxTries: 3, waitMs: 1000, status: 503 }),
    expect.objectContaining({ attempt: 3, maxTries: 3, waitMs: 1000, status: 503 }),
  ]);
  expect(events.filter((e) => e.type === "error")).toEqual([]);

  const run = (await (await request.get(`/api/v1/runs/${runId}`, { headers: authHeaders() })).json()) as {
    status: string;
    answer?: string;
  };
  expect(run).toMatchObject({ status: "completed", answer: "Patience" });

  const conversation = (await (
    await request.get(`/api/v1/conversations/${conversationId}`, { headers: authHeaders() })
  ).json()) as { turns: { trace: { steps: { kind: string; code?: string; message?: string }[] } }[] };
  const steps = conversation.turns[0]!.trace.steps;
  expect(steps.filter((s) => s.kind === "error")).toEqual([
    expect.objectContaining({
      code: "model_busy",
      message: "Model busy, retrying in 1 s (attempt 2 of 3): the model server answered HTTP 503.",
    }),
    expect.objectContaining({
      code: "model_busy",
      message: "Model busy, retrying in 1 s (attempt 3 of 3): the model server answered HTTP 503.",
    }),
  ]);
  expect(steps.at(-1)).toMatchObject({ kind: "answer", text: "Patience", final: true });
});

test("a model server that keeps answering 429 gets 3 tries, then the run fails with a sentence", async ({
  request,
}) => {
  const { runId } = await ask(request, `Rate limited? ${Date.now()} [[script:rate-limited]]`);
  let run: { status: string; error?: { code: string; message: string } } = { status: "queued" };
  await expect
    .poll(
      async () => {
        run = (await (await request.get(`/api/v1/runs/${runId}`, { headers: authHeaders() })).json()) as typeof run;
        return run.status;
      },
      { timeout: 30_000 },
    )
    .toBe("failed");
  expect(run.error).toMatchObject({
    code: "run:model_busy",
    message: expect.stringMatching(
      /^The model server is busy \(HTTP 429\).* It was tried 3 times; try again in a moment\.$/,
    ),
  });
});
