import { getAuth } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { asRequested } from "@/lib/http/request-origin";

export const dynamic = "force-dynamic";

// better-auth's endpoints: sign-up/sign-in/sign-out, sessions, password change and reset.
// It checks the Origin of state-changing requests itself and rate-limits sign-in. Without
// PUBLIC_BASE_URL it compares that Origin with the request URL's, which Next.js builds from the
// host it listens on: passed on as the browser addressed it, sign-up works at any address.
async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(env().PUBLIC_BASE_URL ? request : asRequested(request));
}

export const GET = handle;
export const POST = handle;
