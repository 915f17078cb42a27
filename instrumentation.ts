// Runs once when a Next.js server starts, before it serves requests: validate configuration,
// open and migrate the database. A failure prints one sentence and stops the process, so a
// misconfigured instance never serves half-working pages. It also stamps each request with the
// address it came from.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so no request reaches a route without its peer address (lib/http/client-address).
  const { stampPeerAddresses } = await import("./lib/server/peer-address");
  stampPeerAddresses();
  const { startServer } = await import("./lib/server/startup");
  await startServer();
}
