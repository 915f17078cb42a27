// Incremental tag parser: model text deltas in, typed segments out, for the live trace. A tag split
// across chunks (`</co` + `de>`) is held back until it can be decided, so any chunking yields the
// same segments as one chunk. The loop's decision is made on the whole text by `decideV2`.

export type SegmentKind = "thought" | "code" | "tool_call" | "answer";
export interface Segment {
  kind: SegmentKind;
  text: string;
}

type State = "outside" | SegmentKind;

// Inside a block only its closing tag ends it; `<think>` inside think is ignored (PROTOCOL §7 #37).
const OPENERS: Record<string, State> = {
  "<think>": "thought",
  "<code>": "code",
  "<tool_call>": "tool_call",
  "<answer>": "answer",
};
const CLOSERS: Record<SegmentKind, string> = {
  thought: "</think>",
  code: "</code>",
  tool_call: "</tool_call>",
  answer: "</answer>",
};
/** Special tokens a server may leave in the text (skip_special_tokens: false); they carry no content. */
const SPECIAL = ["<|im_end|>", "<|endoftext|>"];

export class StreamParser {
  private state: State = "outside";
  private held = "";
  /** Whitespace outside any block, emitted only if prose follows it. */
  private pendingSpace = "";

  /** Feeds a delta; returns the segments it completes, merged by kind. */
  push(delta: string): Segment[] {
    const out: Segment[] = [];
    let text = this.held + delta;
    this.held = "";
    let start = 0;
    let i = text.indexOf("<");
    while (i !== -1) {
      const tag = this.matchTag(text, i);
      if (tag === "partial") {
        this.held = text.slice(i);
        text = text.slice(0, i);
        break;
      }
      if (tag) {
        this.emit(out, text.slice(start, i));
        this.enter(tag.tag);
        start = i + tag.tag.length;
        i = text.indexOf("<", start);
      } else {
        i = text.indexOf("<", i + 1);
      }
    }
    this.emit(out, text.slice(start));
    return out;
  }

  /** Flushes any held partial tag as text (the stream ended). */
  end(): Segment[] {
    const out: Segment[] = [];
    const rest = this.held;
    this.held = "";
    this.emit(out, rest);
    return out;
  }

  private activeTags(): string[] {
    if (this.state === "outside") return [...Object.keys(OPENERS), ...Object.values(CLOSERS), ...SPECIAL];
    if (this.state === "thought") return [...Object.keys(OPENERS), CLOSERS.thought, ...SPECIAL];
    return [CLOSERS[this.state], ...SPECIAL];
  }

  private matchTag(text: string, at: number): { tag: string } | "partial" | null {
    const rest = text.length - at;
    for (const tag of this.activeTags()) {
      if (rest >= tag.length) {
        if (text.startsWith(tag, at)) return { tag };
      } else if (tag.startsWith(text.slice(at))) {
        return "partial";
      }
    }
    return null;
  }

  private enter(tag: string): void {
    if (SPECIAL.includes(tag)) return;
    this.pendingSpace = "";
    const opened = OPENERS[tag];
    if (opened) {
      if (!(this.state === "thought" && opened === "thought")) this.state = opened;
      return;
    }
    // A closing tag: outside, stray closers are dropped; inside, the active closer returns outside.
    if (this.state !== "outside" && tag === CLOSERS[this.state]) this.state = "outside";
  }

  private emit(out: Segment[], text: string): void {
    if (!text) return;
    let kind: SegmentKind;
    if (this.state === "outside") {
      if (!/\S/.test(text)) {
        this.pendingSpace += text;
        return;
      }
      text = this.pendingSpace + text;
      this.pendingSpace = "";
      kind = "thought";
    } else {
      kind = this.state;
    }
    const last = out.at(-1);
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  }
}
