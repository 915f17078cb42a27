import { getAuth } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { withClientAddress } from "@/lib/http/client-address";
import { asRequested } from "@/lib/http/request-origin";

export const dynamic = "force-dynamic";

// better-auth's endpoints: sign-up/sign-in/sign-out, sessions, password change and reset.
// It checks the Origin of state-changing requests itself and rate-limits sign-in. Without
// PUBLIC_BASE_URL it compares that Origin with the request URL's, which Next.js builds from the
// host it listens on: passed on as the browser addressed it, sign-up works at any address. Its
// per-address limits count the client address resolved here: the socket's peer, or what a
// trusted proxy (LOUPE_TRUSTED_PROXIES) says in AUTH_CLIENT_IP_HEADER.
async function handle(request: Request): Promise<Response> {
  const e = env();
  const addressed = withClientAddress(request, {
    trustedProxies: e.LOUPE_TRUSTED_PROXIES,
    forwardedHeader: e.AUTH_CLIENT_IP_HEADER,
  });
  return (await getAuth()).handler(e.PUBLIC_BASE_URL ? addressed : asRequested(addressed));
}

export const GET = handle;
export const POST = handle;
