import { afterAll, beforeAll, expect, it } from "vitest";
import { createSearch } from "@/lib/search";
import { startSearchFakes, type SearchFakes } from "./index";

let fakes: SearchFakes;
beforeAll(async () => {
  fakes = await startSearchFakes();
});
afterAll(async () => {
  await fakes.close();
});

it("the env it returns points a search at the fakes, and a query can pick a fault", async () => {
  const e = fakes.env;
  const search = createSearch({
    serperApiKey: e.SERPER_API_KEY,
    baseUrls: { serper: e.SERPER_BASE_URL },
    fetchAllowPrivate: e.SEARCH_FETCH_ALLOW_PRIVATE?.split(","),
  });
  expect(await search.text({ sessionId: "s", query: "hello" })).toHaveLength(5);
  await expect(search.text({ sessionId: "s", query: "hello fault:server_error" })).rejects.toMatchObject({
    code: "search_bad_response",
  });
  expect(fakes.providers.serper.requests).toHaveLength(2);
});
