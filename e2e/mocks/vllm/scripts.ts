// Scripted trajectories for the mock vLLM server, chosen by a `[[script:NAME]]` marker in the
// user's question. Each step is one model call: the text the model "generates" (as a full
// assistant message; with a `<think>` prefill the server returns only what follows it), or a fault.

export type Fault =
  "context_length" | "too_many_images" | "server_error" | "hang" | "stall" | "drop" | "abort" | "stream_error";

export interface ScriptStep {
  text?: string;
  finishReason?: "stop" | "length";
  fault?: Fault;
  /**
   * Answer the first `times` identical requests for this step with `status` (vLLM's 503 when its
   * queue is full, a gateway's 429) and this Retry-After, then reply normally.
   */
  busy?: { status: 429 | 503; times: number; retryAfter?: string };
}

const code = (body: string) => "<code>\n```python\n" + body + "\n```\n</code>";
const searchCall = (query: string) =>
  `<tool_call>\n{"name": "search", "arguments": {"query": "${query}"}}\n</tool_call>`;

export const SCRIPTS: Record<string, ScriptStep[]> = {
  answer: [{ text: "<think>The image is clear enough to answer directly.</think>\n<answer>A red bicycle</answer>" }],
  "crop-and-answer": [
    {
      text:
        "<think>The text on the sign is small; I will crop the top-left quarter and enlarge it.</think>\n" +
        code(
          "w, h = image_1.size\ncrop = image_1.crop((0, 0, w // 2, h // 2))\nplt.imshow(crop)\nplt.axis('off')\nplt.show()\nprint(crop.size)",
        ) +
        "\nThis tail is past the stop string and must never be sent.",
    },
    { text: "<think>The crop shows the word STOP in white letters.</think>\n<answer>STOP</answer>" },
  ],
  // The full path: think → code → observation → search → answer.
  "think-code-search-answer": [
    {
      text:
        "<think>First measure the image and zoom on the label.</think>\n" +
        code("w, h = image_1.size\nprint(w, h)\nplt.imshow(image_1.crop((0, 0, w // 2, h // 2)))\nplt.show()"),
    },
    {
      text:
        "<think>The label reads Hubble. I should confirm when it launched.</think>\n" +
        searchCall("Hubble Space Telescope launch year"),
    },
    { text: "<think>The search says 1990.</think>\n<answer>1990</answer>" },
  ],
  prose: [{ text: "It is a coffee cup on a saucer." }],
  unicode: [{ text: "<think>النص بالعربية 👀 and emoji 🛑</think>\n<answer>قف 🛑 — “stop”</answer>" }],
  "no-fence": [{ text: "<think>Let me compute.</think>\n<code>\nprint(image_1.size)\n</code>" }],
  "bad-json": [
    { text: "<think>Search.</think>\n<tool_call>\n{'name': 'search', 'arguments': {'query': 'x'}}\n</tool_call>" },
    { text: "<think>Fix the quoting.</think>\n<answer>x</answer>" },
  ],
  "unknown-tool": [
    {
      text: '<think>Zoom.</think>\n<tool_call>\n{"name": "image_zoom_in_tool", "arguments": {"bbox_2d": [0, 0, 10, 10]}}\n</tool_call>',
    },
    { text: "<think>That tool does not exist.</think>\n<answer>unknown</answer>" },
  ],
  "image-search-twice": [
    { text: '<think>Identify it.</think>\n<tool_call>\n{"name": "image_search"}\n</tool_call>' },
    { text: '<think>Again.</think>\n<tool_call>\n{"name": "image_search"}\n</tool_call>' },
    { text: "<think>Same results.</think>\n<answer>Eiffel Tower</answer>" },
  ],
  "list-query": [
    {
      text: '<think>Two things.</think>\n<tool_call>\n{"name": "search", "arguments": {"query": ["a", "b"]}}\n</tool_call>',
    },
    { text: "<think>Got both.</think>\n<answer>ab</answer>" },
  ],
  "never-answers": Array.from({ length: 12 }, (_, i) => ({
    text: `<think>Try ${i + 1}.</think>\n` + code(`print(${i + 1})`),
  })),
  truncated: [{ text: "<think>This goes on and on and on", finishReason: "length" }],
  "context-length": [{ fault: "context_length" }],
  "too-many-images": [{ fault: "too_many_images" }],
  "server-error": [{ fault: "server_error" }],
  hang: [{ fault: "hang" }],
  stall: [{ text: "<think>I start thinking and then", fault: "stall" }],
  drop: [{ text: "<think>Halfway through a sentence the connection", fault: "drop" }],
  abort: [{ text: "<think>Partial thought before abort", fault: "abort" }],
  "stream-error": [{ text: "<think>Some thought before the engine fails", fault: "stream_error" }],
  "busy-twice": [
    {
      busy: { status: 503, times: 2, retryAfter: "1" },
      text: "<think>The server was busy for a moment, then answered.</think>\n<answer>Patience</answer>",
    },
  ],
  "rate-limited": [{ busy: { status: 429, times: 100, retryAfter: "1" }, text: "<answer>never sent</answer>" }],
};

export const DEFAULT_SCRIPT = "answer";
const MARKER = /\[\[script:([\w-]+)\]\]/;

/** The script named in the latest user message that carries a marker, and which step this call is. */
export function selectStep(
  messages: { role: string; content: unknown }[],
  continuing: boolean,
  scripts: Record<string, ScriptStep[]> = SCRIPTS,
): { name: string; step: ScriptStep | undefined; index: number } {
  let name = DEFAULT_SCRIPT;
  let from = 0;
  messages.forEach((m, i) => {
    if (m.role !== "user") return;
    const marker = MARKER.exec(textOf(m.content));
    if (marker?.[1]) {
      name = marker[1];
      from = i;
    }
  });
  const later = messages.slice(from + 1).filter((m) => m.role === "assistant").length;
  const index = continuing ? later - 1 : later;
  return { name, step: scripts[name]?.[index], index };
}

export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p: { type?: string; text?: string }) => (p.type === "text" ? (p.text ?? "") : "")).join("");
}
