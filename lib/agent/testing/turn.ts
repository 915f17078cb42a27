// Runs one DeepEyesV2 turn against fakes with sensible defaults; tests override what they need.
import type { TraceEventBody } from "@/lib/trace/events";
import { runTurn, type RunTurnInput } from "../loop";
import { deepeyesV2 } from "../profiles";
import {
  collect,
  FakeClock,
  FakeModel,
  FakeSandbox,
  FakeSearch,
  identityImages,
  MemoryBlobs,
  type ScriptedReply,
  turnImage,
} from "./fakes";

export function setup(
  replies: ScriptedReply[],
  overrides: Partial<RunTurnInput> & { honourIncludeStop?: boolean } = {},
) {
  const model = new FakeModel(replies, { honourIncludeStop: overrides.honourIncludeStop });
  const sandbox = (overrides.sandbox as FakeSandbox | undefined) ?? new FakeSandbox([]);
  const search = (overrides.search as FakeSearch | undefined) ?? new FakeSearch();
  const blobs = new MemoryBlobs();
  const input: RunTurnInput = {
    profile: deepeyesV2,
    sessionId: "s1",
    question: "What does the sign say?",
    images: [turnImage(392, 504)],
    model,
    sandbox,
    search,
    blobs,
    imagePort: identityImages,
    clock: new FakeClock(),
    ...overrides,
  };
  return {
    model,
    sandbox,
    search,
    blobs,
    input,
    run: () => collect(runTurn(input)),
  };
}

export function ofType<T extends TraceEventBody["type"]>(events: TraceEventBody[], type: T) {
  return events.filter((e): e is Extract<TraceEventBody, { type: T }> => e.type === type);
}

export const fence = (code: string) => "<code>\n```python\n" + code + "\n```\n</code>";
