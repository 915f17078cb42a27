// The better-auth instance: email and password accounts, database sessions in HttpOnly SameSite
// cookies, rate-limited sign-in, password reset. Workspaces, memberships and invitations are
// Loupe's own tables (lib/db), not better-auth's organization plugin: the schema's invitation
// links are single-use token hashes and removal must end access at once, which we control here.
// Built lazily because the Prisma client only exists once the database is open.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { PrismaClient } from "@/generated/prisma/client";
import { prisma } from "@/lib/db";
import { databaseUnavailable, isConnectionError } from "@/lib/db/errors";
import { getSignupMode } from "@/lib/db/instance-settings";
import { countUsers } from "@/lib/db/users";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import { linkOrigin, noLinkOriginReason, type LinkSettings } from "@/lib/http/link-origin";
import { secretKey } from "@/lib/crypto/instance-key";
import { acceptInvitation, findInvitation } from "@/lib/workspaces/invitations";
import { createPersonalWorkspace } from "@/lib/workspaces/lifecycle";
import { createAttemptLimiter } from "./attempt-limiter";
import { mailer as defaultMailer, trySend, type Mailer } from "./mailer";
import { signupDecision } from "./signup-policy";

export const INVITATION_HEADER = "x-loupe-invitation";
export const COOKIE_PREFIX = "loupe";

export interface AuthOptions {
  prisma: PrismaClient;
  /** PUBLIC_BASE_URL; without it better-auth takes the origin of each request. */
  baseURL?: string;
  /** LOUPE_ALLOWED_HOSTS: without PUBLIC_BASE_URL, the hosts emailed links may point to. */
  allowedHosts?: string[];
  secret: string;
  /** Sign-in, sign-up and password attempts per client address per minute. */
  rateLimitPerMinute: number;
  /** Failed sign-ins per account from one address before each further attempt waits. */
  failedSignInsPerAccount: number;
  mailer?: Mailer;
}

// Accounts made by an operator (CLI user:create) skip the sign-up mode but keep every other rule.
const trusted = new AsyncLocalStorage<{ instanceRole: "admin" | "user" }>();
export function asOperator<T>(instanceRole: "admin" | "user", fn: () => Promise<T>): Promise<T> {
  return trusted.run({ instanceRole }, fn);
}

export function createAuth(options: AuthOptions) {
  const db = options.prisma;
  const secure = options.baseURL?.startsWith("https://") ?? false;
  const perMinute = { window: 60, max: options.rateLimitPerMinute };
  // Requests arrive with CLIENT_ADDRESS_HEADER set by the route (lib/http/client-address).
  const accounts = createAttemptLimiter({
    free: options.failedSignInsPerAccount,
    maxDelayMs: 5 * 60_000,
    windowMs: 15 * 60_000,
  });
  const attemptKey = (email: string, headers: Headers | undefined) =>
    `${email}\n${headers?.get(CLIENT_ADDRESS_HEADER) ?? UNKNOWN_ADDRESS}`;
  const mail = options.mailer ?? defaultMailer();
  // Emailed links never take their host from the request alone (lib/http/link-origin).
  const links: LinkSettings = { publicBaseUrl: options.baseURL, allowedHosts: options.allowedHosts ?? [] };
  const signInEmail = (body: unknown) =>
    body && typeof body === "object" && typeof (body as { email?: unknown }).email === "string"
      ? (body as { email: string }).email.trim().toLowerCase()
      : null;
  return betterAuth({
    appName: "Loupe",
    // Errors that are not better-auth's own answers (a query that failed) reach the route, which
    // answers them like every other route: an unreachable database is a 503 with its sentence.
    onAPIError: { throw: true },
    // Without PUBLIC_BASE_URL the origin comes from each request, which is fine here; don't warn about it.
    logger: { level: options.baseURL ? "warn" : "error" },
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    database: prismaAdapter(db, { provider: "postgresql" }),
    trustedOrigins: options.baseURL ? [new URL(options.baseURL).origin] : [],
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      // The link opens /reset/new, like the ones the instance admin makes (./reset-link); its origin
      // was checked before the token was made (the hook below).
      async sendResetPassword({ user, token }, request) {
        const origin = request ? linkOrigin(request, links) : null;
        if (!origin) return;
        const url = `${origin}/reset/new?token=${encodeURIComponent(token)}`;
        await trySend(
          {
            to: user.email,
            subject: "Reset your Loupe password",
            text: `Someone asked to reset the password of your Loupe account.\n\nOpen this link within an hour to choose a new one:\n${url}\n\nIf it was not you, ignore this email.`,
          },
          mail,
        );
      },
    },
    user: { additionalFields: { role: { type: "string", required: false, input: false, defaultValue: "user" } } },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      // No cookie cache: every request reads the session row, so sign-out and removal act at once.
      cookieCache: { enabled: false },
      additionalFields: { activeWorkspaceId: { type: "string", required: false, input: false } },
    },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/*": perMinute,
        "/sign-up/*": perMinute,
        "/request-password-reset": perMinute,
        "/reset-password": perMinute,
        "/change-password": perMinute,
      },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
      // The address the route resolved; forwarding headers count only from trusted proxies.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      database: { generateId: () => crypto.randomUUID() },
    },
    hooks: {
      // A password change always ends the account's other sessions.
      before: createAuthMiddleware((ctx) => {
        // A reset link that would be emailed needs an origin we vouch for; refused before any
        // account is looked up, so the answer is the same whether the address has one.
        if (ctx.path === "/request-password-reset" && mail.configured) {
          if (!ctx.request || !linkOrigin(ctx.request, links)) {
            throw new APIError("SERVICE_UNAVAILABLE", {
              message: noLinkOriginReason(ctx.request, links),
              code: "PUBLIC_URL_NOT_SET",
            });
          }
        }
        if (ctx.path === "/change-password" && ctx.body && typeof ctx.body === "object") {
          (ctx.body as { revokeOtherSessions?: boolean }).revokeOtherSessions = true;
        }
        // Guessing one account's password from one address slows down; its owner, elsewhere, does not wait.
        const email = ctx.path === "/sign-in/email" ? signInEmail(ctx.body) : null;
        const wait = email ? accounts.retryAfterMs(attemptKey(email, ctx.headers)) : 0;
        if (wait > 0) {
          const when = wait < 60_000 ? `${Math.ceil(wait / 1000)} seconds` : `${Math.ceil(wait / 60_000)} minutes`;
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-ins for this account from your address. Try again in ${when}, or reset your password.`,
          });
        }
        return Promise.resolve();
      }),
      after: createAuthMiddleware((ctx) => {
        // better-auth answers a failed session read with its own 500; the database being away is a 503.
        if (isAPIError(ctx.context.returned) && isConnectionError(ctx.context.returned))
          throw databaseUnavailable(ctx.context.returned);
        const email = ctx.path === "/sign-in/email" ? signInEmail(ctx.body) : null;
        if (email) {
          const key = attemptKey(email, ctx.headers);
          if (isAPIError(ctx.context.returned)) accounts.fail(key);
          else accounts.reset(key);
        }
        return Promise.resolve();
      }),
    },
    databaseHooks: {
      user: {
        create: {
          async before(user, ctx) {
            const operator = trusted.getStore();
            if (operator) return { data: { ...user, role: operator.instanceRole } };
            const token = ctx?.headers?.get(INVITATION_HEADER) ?? null;
            const decision = signupDecision({
              userCount: await countUsers(db),
              mode: await getSignupMode(db),
              invitation: token ? await findInvitation(db, token) : null,
              email: user.email,
              now: new Date(),
            });
            if (!decision.allowed)
              throw new APIError("FORBIDDEN", { message: decision.reason, code: "SIGNUP_NOT_ALLOWED" });
            return { data: { ...user, role: decision.instanceRole } };
          },
          async after(user, ctx) {
            await createPersonalWorkspace(db, { userId: user.id, userName: user.name });
            const token = ctx?.headers?.get(INVITATION_HEADER);
            if (token) await acceptInvitation(db, { token, userId: user.id, email: user.email }).catch(() => undefined);
          },
        },
      },
      session: {
        create: {
          // Signing up from an invitation lands in the invited workspace, not the personal one.
          async before(session, ctx) {
            const token = ctx?.headers?.get(INVITATION_HEADER);
            if (!token) return { data: session };
            const invitation = await findInvitation(db, token);
            if (!invitation) return { data: session };
            // The session may be created before the user hook accepted the invitation: accept it
            // here too (a second acceptance by the same person changes nothing).
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { email: true } });
            if (user)
              await acceptInvitation(db, { token, userId: session.userId, email: user.email }).catch(() => undefined);
            const member = await db.membership.findUnique({
              where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: session.userId } },
            });
            return { data: member ? { ...session, activeWorkspaceId: member.workspaceId } : session };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The key better-auth signs cookies with, derived from LOUPE_SECRET so it needs no setting of its own. */
export function authSecret(): string {
  return createHmac("sha256", secretKey()).update("loupe:better-auth").digest("base64url");
}

const globalForAuth = globalThis as typeof globalThis & { __loupeAuth?: Promise<Auth> };

/** This process's auth instance, built on first use. */
export function getAuth(): Promise<Auth> {
  globalForAuth.__loupeAuth ??= (async () => {
    const e = env();
    return createAuth({
      prisma: await prisma(),
      baseURL: e.PUBLIC_BASE_URL,
      allowedHosts: e.LOUPE_ALLOWED_HOSTS,
      secret: authSecret(),
      rateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
      failedSignInsPerAccount: e.AUTH_FAILED_SIGNINS_PER_ACCOUNT,
    });
  })().catch((error: unknown) => {
    globalForAuth.__loupeAuth = undefined;
    throw error;
  });
  return globalForAuth.__loupeAuth;
}
