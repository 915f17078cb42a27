import { getAuth } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { withBodyLimit } from "@/lib/http/body";
import { asRequested } from "@/lib/http/request-origin";
import { handler } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Sign-up, sign-in, password change and reset take a few hundred bytes of JSON. better-auth reads
// the body whole, so it gets it only once it has been counted in below this.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

// better-auth's endpoints: sign-up/sign-in/sign-out, sessions, password change and reset.
// It checks the Origin of state-changing requests itself and rate-limits sign-in. Without
// PUBLIC_BASE_URL it compares that Origin with the request URL's, which Next.js builds from the
// host it listens on: passed on as the browser addressed it, sign-up works at any address.
const handle = handler(async (request: Request): Promise<Response> => {
  const bounded = await withBodyLimit(request, MAX_AUTH_BODY_BYTES);
  return (await getAuth()).handler(env().PUBLIC_BASE_URL ? bounded : asRequested(bounded));
});

export const GET = handle;
export const POST = handle;
