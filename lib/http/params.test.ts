import { describe, expect, it } from "vitest";
import { idParam } from "./params";
import { resumePoint } from "./sse";

describe("idParam", () => {
  it("says the same for a malformed id as for one that does not exist here", () => {
    expect(() => idParam("nope", "conversation")).toThrow("There is no such conversation, or you cannot see it.");
    expect(() => idParam("nope", "run")).toThrow("There is no such run in this workspace.");
    expect(idParam("0B5E4A52-8D6F-4A8E-9A52-2F1E3C4D5E6F", "run")).toBe("0b5e4a52-8d6f-4a8e-9a52-2f1e3c4d5e6f");
  });
});

describe("resumePoint", () => {
  const at = (query: string, lastEventId?: string) =>
    new Request(`http://loupe.test/api/v1/runs/r/events${query}`, {
      headers: lastEventId === undefined ? {} : { "last-event-id": lastEventId },
    });

  it("resumes after Last-Event-ID, else after ?after=, else from the start", () => {
    expect(resumePoint(at("?after=3", "7"))).toBe(7);
    expect(resumePoint(at("?after=3"))).toBe(3);
    expect(resumePoint(at(""))).toBe(0);
  });

  it("refuses an ?after= that is not an event id, but replays from the start for a header it cannot use", () => {
    for (const bad of ["abc", "-5", "1.5", ""])
      expect(() => resumePoint(at(`?after=${bad}`))).toThrow(/after: must be the id of an event/);
    expect(resumePoint(at("", "garbage"))).toBe(0);
  });
});
