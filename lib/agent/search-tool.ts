// DeepEyesV2 `<tool_call>` dispatch (PROTOCOL §2.5, §4): parse the JSON the way RL did, answer
// mistakes with RL's error observations, and format results byte-exactly.
import type { ContentPart, ImageSearchHitRef, Observation } from "@/lib/trace/events";
import { imageSearchObservation, searchContent, searchObservation, textMessage, toolErrors } from "./observations";
import { PortError, type TextSearchHit } from "./ports";
import type { ActionEvents, ActionResult, ToolContext } from "./profile";
import { pyStrip } from "./prompts";
import { pyJsonLoads } from "./pyjson";
import { tryStoreToolImage } from "./store-image";

/** At most this many items of a list-valued query are searched (documented policy). */
export const MAX_QUERIES_PER_CALL = 5;

export async function* runToolCall(raw: string, ctx: ToolContext): ActionEvents {
  let parsed: unknown;
  try {
    parsed = pyJsonLoads(pyStrip(raw));
  } catch (error) {
    yield {
      type: "format_problem",
      call: ctx.call,
      code: "invalid_tool_call",
      message: "The model's tool call was not valid JSON.",
    };
    return errorResult(toolErrors.format(raw, (error as Error).message));
  }
  const call = isRecord(parsed) ? parsed : {};
  const name = call.name;
  yield {
    type: "tool_call",
    call: ctx.call,
    name: typeof name === "string" ? name : "",
    arguments: call.arguments,
    raw,
  };
  if (name === "search" && ctx.search.capabilities.text) {
    yield { type: "tool_started", call: ctx.call, tool: "search" };
    return yield* textSearch(raw, call, ctx);
  }
  if (name === "image_search" && ctx.search.capabilities.image) {
    if ("arguments" in call) return errorResult(toolErrors.imageSearchParams(raw));
    yield { type: "tool_started", call: ctx.call, tool: "image_search" };
    return yield* imageSearch(ctx);
  }
  // Unknown names, non-object JSON and tools that are not configured all get RL's name error.
  return errorResult(toolErrors.name(raw));
}

async function* textSearch(raw: string, call: Record<string, unknown>, ctx: ToolContext): ActionEvents {
  const args = call.arguments;
  const subscriptError = pythonSubscriptError(args);
  if (subscriptError) return errorResult(toolErrors.exception(subscriptError));
  const query = (args as Record<string, unknown>).query;
  const queries = typeof query === "string" ? [query] : Array.isArray(query) ? query : [];
  if (queries.length === 0 || !queries.every((q): q is string => typeof q === "string" && q.trim() !== ""))
    return errorResult(toolErrors.searchParams(raw));
  const used = queries.slice(0, MAX_QUERIES_PER_CALL);
  const hits: TextSearchHit[][] = [];
  try {
    for (const q of used) hits.push(await ctx.search.text({ sessionId: ctx.sessionId, query: q, signal: ctx.signal }));
  } catch (error) {
    return backendError(error, ctx);
  }
  const body = used.map((q, i) => searchContent(q, hits[i] ?? [])).join("\n\n");
  const observation: Observation = { tool: "search", queries: used, hits };
  return { kind: "observation", observation, content: searchObservation(body) };
}

async function* imageSearch(ctx: ToolContext): ActionEvents {
  const previous = previousImageSearch(ctx);
  if (previous) {
    yield {
      type: "format_problem",
      call: ctx.call,
      code: "repeated_image_search",
      message: "The model ran image search again; it was given the first result again.",
    };
    return { kind: "observation", observation: { ...previous.observation, reused: true }, content: previous.content };
  }
  if (!ctx.primaryImage)
    return errorResult(
      toolErrors.exception("No results found for the image. Try with text search or direct output the answer."),
    );
  let hits;
  try {
    hits = await ctx.search.image({ sessionId: ctx.sessionId, image: ctx.primaryImage, signal: ctx.signal });
  } catch (error) {
    return backendError(error, ctx);
  }
  const refs: ImageSearchHitRef[] = [];
  for (const hit of hits) {
    const stored = hit.thumbnail ? await tryStoreToolImage(hit.thumbnail, ctx) : undefined;
    refs.push({ title: hit.title, link: hit.link, thumbnail: stored && "ref" in stored ? stored.ref : undefined });
  }
  // Hits without a usable thumbnail (none, or unreadable) are skipped, as RL skipped cache entries
  // with missing files.
  const usable = refs.filter(
    (h): h is ImageSearchHitRef & { thumbnail: NonNullable<ImageSearchHitRef["thumbnail"]> } => !!h.thumbnail,
  );
  const sent = usable.slice(0, ctx.imageBudget);
  return {
    kind: "observation",
    observation: { tool: "image_search", hits: refs, reused: false },
    content: imageSearchObservation(sent),
  };
}

/** Python's error text for `args["query"]` on whatever the model sent, or null when it works. */
function pythonSubscriptError(args: unknown): string | null {
  if (args === undefined || args === null) return "'NoneType' object is not subscriptable";
  if (typeof args === "string") return "string indices must be integers, not 'str'";
  if (Array.isArray(args)) return "list indices must be integers or slices, not str";
  if (typeof args === "boolean") return "'bool' object is not subscriptable";
  if (typeof args === "number") return `'${Number.isInteger(args) ? "int" : "float"}' object is not subscriptable`;
  if (isRecord(args) && !("query" in args)) return "'query'";
  return null;
}

/** An earlier image_search observation in this conversation (policy: reuse it, no second lookup). */
function previousImageSearch(
  ctx: ToolContext,
): { observation: Extract<Observation, { tool: "image_search" }>; content: ContentPart[] } | null {
  const messages = ctx.messages;
  for (let i = 1; i < messages.length; i++) {
    const asked = messages[i - 1];
    const answer = messages[i];
    if (asked?.role !== "assistant" || answer?.role !== "user" || typeof asked.content !== "string") continue;
    if (typeof answer.content === "string") continue;
    const first = answer.content[0];
    if (
      first?.type === "text" &&
      first.text.startsWith("<tool_response>\nA Google image search for the image found ")
    ) {
      return { observation: { tool: "image_search", hits: [], reused: true }, content: answer.content };
    }
  }
  return null;
}

function backendError(error: unknown, ctx: ToolContext): ActionResult {
  if (ctx.signal?.aborted) throw error;
  const detail =
    error instanceof PortError
      ? error.message
      : `The search provider failed: ${(error as Error).message ?? String(error)}.`;
  return {
    kind: "observation",
    observation: { tool: "error", text: toolErrors.backend, detail },
    content: textMessage(toolErrors.backend),
  };
}

function errorResult(text: string): ActionResult {
  return { kind: "observation", observation: { tool: "error", text }, content: textMessage(text) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
