import { getAuth } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { withBodyLimit } from "@/lib/http/body";
import { withClientAddress } from "@/lib/http/client-address";
import { asRequested } from "@/lib/http/request-origin";
import { route } from "@/lib/http/methods";
import { handler } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Sign-up, sign-in, password change and reset take a few hundred bytes of JSON. better-auth reads
// the body whole, so it gets it only once it has been counted in below this.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

// better-auth's endpoints: sign-up/sign-in/sign-out, sessions, password change and reset.
// It checks the Origin of state-changing requests itself and rate-limits sign-in. Without
// PUBLIC_BASE_URL it compares that Origin with the request URL's, which Next.js builds from the
// host it listens on: passed on as the browser addressed it, sign-up works at any address. Its
// per-address limits count the client address resolved here: the socket's peer, or what a
// trusted proxy (LOUPE_TRUSTED_PROXIES) says in AUTH_CLIENT_IP_HEADER.
// Errors better-auth does not answer itself (a query that failed) are answered like every other
// route's: an unreachable database is a 503 with its sentence, not an empty 500.
const handle = handler(async (request: Request): Promise<Response> => {
  const e = env();
  const bounded = await withBodyLimit(request, MAX_AUTH_BODY_BYTES);
  const addressed = withClientAddress(bounded, {
    trustedProxies: e.LOUPE_TRUSTED_PROXIES,
    forwardedHeader: e.AUTH_CLIENT_IP_HEADER,
  });
  return (await getAuth()).handler(e.PUBLIC_BASE_URL ? addressed : asRequested(addressed));
});

// better-auth answers GET and POST (each of its own paths); other methods are the JSON 405.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: handle, POST: handle });
