import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createImagePort } from "@/lib/images";
import { PortError } from "./ports";
import { FakeSandbox, FakeSearch, fakeImage } from "./testing/fakes";
import { fence, ofType, setup } from "./testing/turn";

const call = (json: string) => `<think>search</think>\n<tool_call>\n${json}\n</tool_call>`;
const DONE = { text: "</think><answer>ok</answer>" };

async function observe(json: string, search = new FakeSearch()) {
  const t = setup([{ text: call(json) }, DONE], { search });
  const r = await t.run();
  const obs = t.model.requests[1]!.messages.at(-2)!;
  return { ...t, ...r, obs, text: (obs.content as { type: string; text?: string }[])[0]?.text };
}

describe("tool calls (§2.5, §7 #3, #5–#9, #27, #28)", () => {
  it("#3: a search with EOS (no stop string) runs and returns <tool_response>", async () => {
    const t = setup([
      { text: '<think>s</think>\n<tool_call>\n{"name": "search", "arguments": {"query": "x"}}\n</tool_call>' },
      DONE,
    ]);
    await t.run();
    expect(t.search.textQueries).toEqual(["x"]);
    expect(t.model.requests[1]!.messages.at(-2)).toEqual({
      role: "user",
      content: [
        {
          type: "text",
          text: "<tool_response>\nA Google search for 'x' found 1 results:\n\n## Web Results\n1. [About x](https://example.org/a)\n\nA snippet.\n</tool_response>",
        },
      ],
    });
  });
  it("#5: malformed JSON gets RL's format error with Python's message", async () => {
    expect((await observe(`{'name': 'search', 'arguments': {'query': 'x'}}`)).text).toBe(
      "Error: Invalid tool call format: {'name': 'search', 'arguments': {'query': 'x'}}. Error: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
    );
    expect((await observe(`{"name":"search",}`)).text).toBe(
      'Error: Invalid tool call format: {"name":"search",}. Error: Expecting property name enclosed in double quotes: line 1 column 18 (char 17)',
    );
    const missing = await observe(`{"name": "search", "arguments": {"query": "x"}`);
    expect(missing.text).toBe(
      `Error: Invalid tool call format: {"name": "search", "arguments": {"query": "x"}. Error: Expecting ',' delimiter: line 1 column 47 (char 46)`,
    );
    expect(missing.outcome.status).toBe("completed");
  });
  it("#6: unknown tool names", async () => {
    expect((await observe(`{"name": "python", "arguments": {}}`)).text).toBe(
      'Error: Invalid tool call name: {"name": "python", "arguments": {}}.',
    );
    expect((await observe(`{"name":"image_zoom_in_tool"}`)).text).toBe(
      'Error: Invalid tool call name: {"name":"image_zoom_in_tool"}.',
    );
  });
  it("search named while no provider is configured → name error", async () => {
    const r = await observe(
      `{"name": "search", "arguments": {"query": "x"}}`,
      new FakeSearch({ text: false, image: false }),
    );
    expect(r.text).toBe('Error: Invalid tool call name: {"name": "search", "arguments": {"query": "x"}}.');
  });
  it("#7: image_search with an arguments key", async () => {
    expect((await observe(`{"name": "image_search", "arguments": {}}`)).text).toBe(
      'Error: Invalid tool call parameters for image search: {"name": "image_search", "arguments": {}}.',
    );
  });
  it("#8: missing or string arguments give Python's exception text; list queries run one search each", async () => {
    expect((await observe(`{"name":"search"}`)).text).toBe("Error: 'NoneType' object is not subscriptable");
    expect((await observe(`{"name":"search","arguments":"{\\"query\\":\\"x\\"}"}`)).text).toBe(
      "Error: string indices must be integers, not 'str'",
    );
    expect((await observe(`{"name":"search","arguments":{"q":"x"}}`)).text).toBe("Error: 'query'");
    const list = await observe(`{"name": "search", "arguments": {"query": ["a", "b"]}}`);
    expect(list.search.textQueries).toEqual(["a", "b"]);
    expect(list.text).toMatch(
      /^<tool_response>\nA Google search for 'a' found 1 results:[\s\S]*\n\nA Google search for 'b' found 1 results:[\s\S]*<\/tool_response>$/,
    );
    expect((await observe(`{"name":"search","arguments":{"query":42}}`)).text).toBe(
      'Error: Invalid tool call parameters for search: {"name":"search","arguments":{"query":42}}.',
    );
  });
  it("#27: a failing search backend gives 'Search error' and the user a sentence", async () => {
    const r = await observe(
      `{"name": "search", "arguments": {"query": "x"}}`,
      new FakeSearch(
        undefined,
        () => new PortError("search_rate_limited", "The search provider is rate limiting requests."),
      ),
    );
    expect(r.text).toBe("Search error");
    expect(ofType(r.events, "observation")[0]?.observation).toEqual({
      tool: "error",
      text: "Search error",
      detail: "The search provider is rate limiting requests.",
    });
  });
  it("#28: image search with 0 usable results", async () => {
    const r = await observe(
      `{"name": "image_search"}`,
      new FakeSearch(undefined, undefined, () => [{ title: "no thumb", link: "l" }]),
    );
    expect(r.text).toBe(
      "<tool_response>\nA Google image search for the image found 0 results:\n\n## Web Results\n\n</tool_response>",
    );
  });
  it("#9: a second image_search reuses the first observation without a second lookup", async () => {
    const thumb = fakeImage(120, 90, "thumb");
    const search = new FakeSearch(undefined, undefined, () => [
      { title: "Eiffel Tower", link: "https://e", thumbnail: thumb },
    ]);
    const t = setup([{ text: call(`{"name": "image_search"}`) }, { text: call(`{"name": "image_search"}`) }, DONE], {
      search,
    });
    const { events } = await t.run();
    expect(search.imageCalls).toBe(1);
    const [first, second] = ofType(events, "observation");
    expect(second?.message).toEqual(first?.message);
    expect(first?.message.content).toEqual([
      {
        type: "text",
        text: "<tool_response>\nA Google image search for the image found 1 results:\n\n## Web Results\n1. ",
      },
      { type: "image", image: { key: expect.any(String), width: 120, height: 90, mediaType: "image/png" } },
      { type: "text", text: "\n[Eiffel Tower] \n\n</tool_response>" },
    ]);
    expect(ofType(events, "format_problem").map((e) => e.code)).toEqual(["repeated_image_search"]);
  });
});

describe("tool images through the real image port (§7 #20, #21)", () => {
  const png = (w: number, h: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: "#fff" } })
      .png()
      .toBuffer()
      .then((b) => ({ data: new Uint8Array(b), mediaType: "image/png" as const, width: w, height: h }));
  it("upscales 10x10 to 32x32 and fixes 5000x10 to 1500x33 before the model sees them", async () => {
    const sandbox = new FakeSandbox([{ images: [await png(10, 10), await png(5000, 10)] }]);
    const t = setup([{ text: fence("plt.show()") }, DONE], { sandbox, imagePort: createImagePort() });
    await t.run();
    const parts = t.model.requests[1]!.messages.at(-2)!.content as {
      type: string;
      image?: { width: number; height: number; key: string };
    }[];
    const images = parts.filter((p) => p.type === "image").map((p) => p.image!);
    expect(images.map((i) => [i.width, i.height])).toEqual([
      [32, 32],
      [1500, 33],
    ]);
    const stored = t.blobs.store.get(images[1]!.key)!;
    expect(await sharp(stored).metadata()).toMatchObject({ width: 1500, height: 33 });
  });

  it("fails only the cell whose kernel returned broken image bytes (a valid PNG header, a corrupt body)", async () => {
    const good = await png(20, 20);
    const broken = { ...good, data: new Uint8Array([...good.data.subarray(0, 33), ...new Uint8Array(200).fill(7)]) };
    const sandbox = new FakeSandbox([{ images: [broken, good], stdout: "drew\n" }]);
    const t = setup([{ text: fence("plt.show()") }, DONE], { sandbox, imagePort: createImagePort() });
    const { events } = await t.run();
    // The run goes on to its answer; the cell ran, with an error the model and the reader see.
    expect(ofType(events, "turn_finished")[0]).toMatchObject({ status: "completed" });
    const observation = ofType(events, "observation")[0]!.observation;
    if (observation.tool !== "python") throw new Error(`expected a python observation, got ${observation.tool}`);
    const { result } = observation;
    expect(result.status).toBe("error");
    expect(result.stderr).toMatch(/^\[An output image could not be read and was not kept: .+\]\n$/);
    expect(result.images).toHaveLength(1);
    const parts = t.model.requests[1]!.messages.at(-2)!.content as { type: string; text?: string }[];
    expect(parts.some((p) => p.text?.includes("An output image could not be read"))).toBe(true);
  });
});
