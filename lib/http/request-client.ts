// The client address of a request as per-client limits and the audit log see it: the socket's
// peer, or what a trusted proxy says (lib/http/client-address, LOUPE_TRUSTED_PROXIES). Requests
// with no stamped peer (not served through Loupe's server) share one bucket.
import "server-only";
import { env } from "@/lib/env";
import { clientAddress, UNKNOWN_ADDRESS } from "./client-address";

export function requestClient(headers: Headers): string {
  const e = env();
  return (
    clientAddress(headers, { trustedProxies: e.LOUPE_TRUSTED_PROXIES, forwardedHeader: e.AUTH_CLIENT_IP_HEADER }) ??
    UNKNOWN_ADDRESS
  );
}
