import { describe, expect, it } from "vitest";
import { atLeast, canChangeMember, canWriteConversation, isRole, scopesForRole } from "./roles";

describe("roles", () => {
  it("orders roles owner > admin > member > viewer", () => {
    expect(atLeast("owner", "admin")).toBe(true);
    expect(atLeast("admin", "admin")).toBe(true);
    expect(atLeast("member", "admin")).toBe(false);
    expect(atLeast("viewer", "member")).toBe(false);
  });

  it("recognises role names only", () => {
    expect(isRole("viewer")).toBe(true);
    expect(isRole("root")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it("gives viewers read scopes only", () => {
    expect(scopesForRole("viewer")).toEqual(["conversations:read", "runs:read"]);
    expect(scopesForRole("member")).toContain("runs:write");
  });

  it("lets members write their own conversations only, admins any, viewers none", () => {
    const own = { authorId: "u1" };
    const other = { authorId: "u2" };
    expect(canWriteConversation({ role: "member", userId: "u1" }, own)).toBe(true);
    expect(canWriteConversation({ role: "member", userId: "u1" }, other)).toBe(false);
    expect(canWriteConversation({ role: "member", userId: "u1" }, { authorId: null })).toBe(false);
    expect(canWriteConversation({ role: "admin", userId: "u1" }, other)).toBe(true);
    expect(canWriteConversation({ role: "viewer", userId: "u1" }, own)).toBe(false);
    // A key is its owner: a member's key writes only the member's conversations.
    expect(canWriteConversation({ role: "member", userId: "u1" }, other)).toBe(false);
    expect(canWriteConversation({ role: "member", userId: "u1" }, own)).toBe(true);
  });

  it("lets owners and admins manage members within their rank", () => {
    expect(canChangeMember("owner", "admin", "member")).toBe(true);
    expect(canChangeMember("owner", "member", "owner")).toBe(false);
    expect(canChangeMember("admin", "member", "viewer")).toBe(true);
    expect(canChangeMember("admin", "admin", "member")).toBe(false);
    expect(canChangeMember("admin", "member", "admin")).toBe(false);
    expect(canChangeMember("admin", "owner", null)).toBe(false);
    expect(canChangeMember("member", "viewer", null)).toBe(false);
  });
});
