// The python tool (PROTOCOL §2.4): run the code in the conversation's kernel and build the §1.6
// observation from stdout, stderr and the first images (within the image budget).
import type { ImageRef } from "@/lib/trace/events";
import { codeObservation } from "./observations";
import { PortError, type CellResult } from "./ports";
import type { ActionEvents, ToolContext } from "./profile";
import { capOutput, tryStoreToolImage } from "./store-image";

export async function* runCode(code: string, ctx: ToolContext): ActionEvents {
  yield { type: "code_final", call: ctx.call, code };
  yield { type: "tool_started", call: ctx.call, tool: "python" };
  let result;
  try {
    const prepared = await ctx.sandbox.prepare({
      sessionId: ctx.sessionId,
      images: ctx.conversationImages,
      signal: ctx.signal,
    });
    result = await ctx.sandbox.execute({ sessionId: ctx.sessionId, code, signal: ctx.signal });
    if (prepared.notice) result = { ...result, notice: [prepared.notice, result.notice].filter(Boolean).join(" ") };
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    const message =
      error instanceof PortError
        ? error.message
        : `The Python sandbox failed: ${(error as Error).message ?? String(error)}.`;
    return { kind: "stop", status: "failed", error: { code: "sandbox_unavailable", message } };
  }
  const refs: ImageRef[] = [];
  const unreadable: string[] = [];
  for (const image of result.images) {
    const stored = await tryStoreToolImage(image, ctx);
    if ("ref" in stored) refs.push(stored.ref);
    else unreadable.push(stored.problem);
  }
  // Broken image bytes from the kernel fail this cell, with a sentence the model and reader see.
  if (unreadable.length) result = withUnreadableImages(result, unreadable);
  const sent = refs.slice(0, ctx.imageBudget);
  const stdout = capOutput(result.stdout, ctx.limits.maxOutputChars);
  const stderr = capOutput(result.stderr, ctx.limits.maxOutputChars);
  return {
    kind: "observation",
    content: codeObservation(stdout, stderr, sent),
    observation: {
      tool: "python",
      result: {
        status: result.status,
        stdout,
        stderr,
        images: refs,
        sent: sent.length,
        crops: result.crops,
        durationMs: result.durationMs,
        notice: result.notice,
      },
    },
  };
}

function withUnreadableImages(result: CellResult, problems: string[]): CellResult {
  const count = problems.length === 1 ? "An output image" : `${problems.length} output images`;
  const note = `[${count} could not be read and ${problems.length === 1 ? "was" : "were"} not kept: ${problems[0]}]`;
  const stderr = result.stderr && !result.stderr.endsWith("\n") ? `${result.stderr}\n` : result.stderr;
  return { ...result, status: result.status === "ok" ? "error" : result.status, stderr: `${stderr}${note}\n` };
}
