// Sign-in limits against a hostile client, through better-auth's handler on a real database, with
// requests resolved to a client address as the auth route does (lib/http/client-address):
// rotating X-Forwarded-For once dodged the per-address limit, and failing on purpose against an
// account from anywhere locked its owner out.
// better-auth keeps its per-address counts per process: each test uses addresses of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setSignupMode } from "@/lib/db/instance-settings";
import { startAuthTestApp, type AuthTestApp } from "./testing";

describe("per-address sign-in limit", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startAuthTestApp("pglite", { rateLimitPerMinute: 5, trustedProxies: ["127.0.0.1"] });
    await app.signUp({ email: "ada@example.com" });
  }, 120_000);
  afterAll(async () => app?.dispose());

  it("is not dodged by rotating X-Forwarded-For from a client that is not a trusted proxy", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const forwardedFor = `203.0.113.${i + 1}`;
      statuses.push(
        (await app.signIn({ email: "ada@example.com", password: `guess ${i}`, ip: "192.0.2.9", forwardedFor })).status,
      );
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it("reads X-Forwarded-For from a trusted proxy: clients behind it are limited one by one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await app.signIn({
            email: "ada@example.com",
            password: `guess ${i}`,
            ip: "127.0.0.1",
            forwardedFor: "203.0.113.7",
          })
        ).status,
      );
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
    // Another client behind the same proxy is not affected…
    expect((await app.signIn({ email: "ada@example.com", ip: "127.0.0.1", forwardedFor: "198.51.100.7" })).status).toBe(
      200,
    );
    // …and a client that is not behind it cannot pose as one: its header is not read.
    expect(
      (await app.signIn({ email: "ada@example.com", password: "x", ip: "192.0.2.66", forwardedFor: "198.51.100.8" }))
        .status,
    ).toBe(401);
  });
});

describe("per-account sign-in limit", () => {
  let app: AuthTestApp;
  beforeAll(async () => {
    app = await startAuthTestApp("pglite", { failedSignInsPerAccount: 3 });
    await app.signUp({ email: "ada@example.com" });
    await setSignupMode(app.db.prisma, "open");
    await app.signUp({ email: "bob@example.com" });
    await app.signUp({ email: "carol@example.com" });
  }, 120_000);
  afterAll(async () => app?.dispose());

  it("does not lock the owner out when others fail on purpose from their own addresses", async () => {
    for (let i = 1; i <= 12; i++) {
      const r = await app.signIn({ email: "ada@example.com", password: "wrong", ip: `198.51.100.${i}` });
      expect(r.status).toBe(401);
    }
    expect((await app.signIn({ email: "ada@example.com", ip: "192.0.2.77" })).status).toBe(200);
  });

  it("slows down guessing from one address, with a wait it says", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await app.signIn({ email: "BOB@example.com", password: `guess ${i}`, ip: "198.51.100.50" })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await app.signIn({ email: "bob@example.com", ip: "198.51.100.50" });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /from your address\. Try again in \d+ seconds, or reset your password/,
    );
    // The owner, elsewhere, is not made to wait.
    expect((await app.signIn({ email: "bob@example.com", ip: "192.0.2.78" })).status).toBe(200);
  });

  it("forgets an address's failures after it signs in", async () => {
    const statuses: number[] = [];
    for (const password of ["wrong 1", "wrong 2", undefined, "wrong 3", "wrong 4", "wrong 5"]) {
      statuses.push((await app.signIn({ email: "carol@example.com", password, ip: "192.0.2.5" })).status);
    }
    expect(statuses).toEqual([401, 401, 200, 401, 401, 401]);
  });
});
