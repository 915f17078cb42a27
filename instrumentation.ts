// Runs once when a Next.js server starts, before it serves requests: validate configuration,
// open and migrate the database. A failure prints one sentence and stops the process, so a
// misconfigured instance never serves half-working pages.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/startup");
  await startServer();
}
