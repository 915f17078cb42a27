// Rebuilds the model conversation from stored trace events, so a follow-up question or a Continue
// after an interruption sends exactly the messages the model would have seen.
import type { ChatMessage, TraceEventBody } from "@/lib/trace/events";

export interface RebuiltConversation {
  messages: ChatMessage[];
  /** Model calls used by the last turn (for its limit when continuing it). */
  callsUsed: number;
  /** True when the last message is an observation (the next call gets the `<think>` prefill). */
  afterObservation: boolean;
  /** False when the last turn never finished (crash, restart): it can be continued. */
  lastTurnFinished: boolean;
}

/**
 * Events in order (any number of turns). An assistant message whose tool never produced an
 * observation is dropped, so an interrupted turn resumes from its last completed step.
 */
export function messagesFromEvents(events: Iterable<TraceEventBody>): RebuiltConversation {
  const messages: ChatMessage[] = [];
  let pending: ChatMessage | null = null;
  let callsUsed = 0;
  let afterObservation = false;
  let lastTurnFinished = true;
  for (const event of events) {
    switch (event.type) {
      case "turn_started":
        // A continued turn (question null) keeps counting the interrupted turn's calls.
        if (event.question !== null) {
          callsUsed = 0;
          afterObservation = false;
        }
        messages.push(...event.messages);
        pending = null;
        lastTurnFinished = false;
        break;
      case "model_call_finished":
        pending = { role: "assistant", content: event.text };
        callsUsed = Math.max(callsUsed, event.call);
        break;
      case "observation":
        if (pending) messages.push(pending);
        messages.push(event.message);
        pending = null;
        afterObservation = true;
        break;
      case "turn_finished":
        if (pending) messages.push(pending);
        pending = null;
        afterObservation = false;
        lastTurnFinished = true;
        break;
      default:
        break;
    }
  }
  return { messages, callsUsed, afterObservation, lastTurnFinished };
}
