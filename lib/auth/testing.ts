// Test support: a real database (PGlite or PostgreSQL) installed as this process's database, a
// better-auth instance over it, and helpers that sign people up and make requests with their
// cookies, the way a browser on Loupe's own origin would.
import { openTestDatabase, type DatabaseKind, type TestDatabase } from "@/lib/db/testing";
import { PEER_ADDRESS_HEADER, withClientAddress } from "@/lib/http/client-address";
import type { Mailer } from "./mailer";
import { createAuth, type Auth } from "./server";

export const ORIGIN = "http://localhost:3000";

const g = globalThis as typeof globalThis & {
  __loupeDatabase?: Promise<unknown>;
  __loupeAuth?: Promise<Auth>;
};

export interface AuthTestApp {
  db: TestDatabase;
  auth: Auth;
  /** Sign up through better-auth's HTTP handler; returns the session cookie. */
  signUp(input: { email: string; name?: string; password?: string; invitation?: string }): Promise<string>;
  /** `ip`: the address the request comes from (the socket's peer); `forwardedFor`: X-Forwarded-For. */
  signIn(input: { email: string; password?: string; ip?: string; forwardedFor?: string }): Promise<Response>;
  /**
   * A request as Loupe's own pages would send it (same origin), with `cookie` if given, from this
   * app's client address, resolved as the auth route does (lib/http/client-address).
   */
  request(path: string, init?: RequestInit & { cookie?: string; crossSite?: boolean }): Request;
  dispose(): Promise<void>;
}

export const PASSWORD = "correct horse battery staple";

export function cookieFrom(response: Response): string {
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const session = cookies.find((c) => c.startsWith("loupe.session_token="));
  if (!session) throw new Error(`No session cookie in the response (${response.status}).`);
  return session;
}

export async function startAuthTestApp(
  kind: DatabaseKind,
  options: {
    rateLimitPerMinute?: number;
    failedSignInsPerAccount?: number;
    mailer?: Mailer;
    /** PUBLIC_BASE_URL */
    baseURL?: string;
    /** LOUPE_ALLOWED_HOSTS */
    allowedHosts?: string[];
    /** LOUPE_TRUSTED_PROXIES */
    trustedProxies?: string[];
  } = {},
): Promise<AuthTestApp> {
  const db = await openTestDatabase(kind);
  const auth = createAuth({
    prisma: db.prisma,
    baseURL: options.baseURL,
    allowedHosts: options.allowedHosts ?? [],
    mailer: options.mailer,
    secret: "test-secret-test-secret-test-secret-0123",
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    failedSignInsPerAccount: options.failedSignInsPerAccount ?? 1000,
  });
  const addresses = { trustedProxies: options.trustedProxies ?? [], forwardedHeader: "x-forwarded-for" };
  g.__loupeDatabase = Promise.resolve(db);
  g.__loupeAuth = Promise.resolve(auth);
  // better-auth's rate-limit memory is per process: give each test app its own client address.
  const clientIp = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
  const request: AuthTestApp["request"] = (path, init = {}) => {
    const { cookie, crossSite, ...rest } = init;
    const headers = new Headers(rest.headers);
    headers.set("host", "localhost:3000");
    if (!headers.has(PEER_ADDRESS_HEADER)) headers.set(PEER_ADDRESS_HEADER, clientIp);
    if (cookie) headers.set("cookie", cookie);
    const method = (rest.method ?? "GET").toUpperCase();
    if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", crossSite ? "cross-site" : "same-origin");
    if (method !== "GET" && method !== "HEAD" && !headers.has("origin")) {
      headers.set("origin", crossSite ? "https://evil.example" : ORIGIN);
    }
    if (typeof rest.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
    return withClientAddress(new Request(`${ORIGIN}${path}`, { ...rest, headers }), addresses);
  };
  return {
    db,
    auth,
    request,
    async signUp(input) {
      const headers: Record<string, string> = {};
      if (input.invitation) headers["x-loupe-invitation"] = input.invitation;
      const response = await auth.handler(
        request("/api/auth/sign-up/email", {
          method: "POST",
          headers,
          body: JSON.stringify({
            email: input.email,
            name: input.name ?? input.email.split("@")[0],
            password: input.password ?? PASSWORD,
          }),
        }),
      );
      if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
      return cookieFrom(response);
    },
    signIn(input) {
      return auth.handler(
        request("/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            ...(input.ip ? { [PEER_ADDRESS_HEADER]: input.ip } : {}),
            ...(input.forwardedFor ? { "x-forwarded-for": input.forwardedFor } : {}),
          },
          body: JSON.stringify({ email: input.email, password: input.password ?? PASSWORD }),
        }),
      );
    },
    async dispose() {
      g.__loupeDatabase = undefined;
      g.__loupeAuth = undefined;
      await db.dispose();
    },
  };
}
