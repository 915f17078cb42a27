// Runs before every page is rendered: a fresh nonce per response, handed to Next.js in the
// request's Content-Security-Policy (it puts the nonce on its own scripts), and the page's
// security headers on the response (lib/http/security-headers). API routes, static files and
// images are left alone: they set their own headers (next.config.mjs adds nosniff to all).
import { NextResponse, type NextRequest } from "next/server";
import { createNonce, pageSecurityHeaders } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = pageSecurityHeaders({
    pathname: request.nextUrl.pathname,
    nonce,
    dev: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|icon\\.svg|favicon\\.ico).*)"],
};
