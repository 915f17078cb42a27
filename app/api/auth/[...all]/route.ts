import { getAuth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

// better-auth's endpoints: sign-up/sign-in/sign-out, sessions, password change and reset.
// It checks the Origin of state-changing requests itself and rate-limits sign-in.
async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
