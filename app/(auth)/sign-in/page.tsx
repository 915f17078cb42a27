import Link from "next/link";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/next-path";
import { getViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { getSignupMode } from "@/lib/db/instance-settings";
import { countUsers } from "@/lib/db/users";
import { Callout } from "@/components/ui/callout";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db/errors";
import { isDatabaseUnavailable } from "@/lib/http/page-errors";
import { AccountForm } from "../_components/account-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  let open = false;
  let databaseDown = false;
  try {
    if (await getViewer()) redirect(next);
    const db = await prisma();
    // A fresh install has nobody to sign in as: the first visitor creates the instance admin.
    if ((await countUsers(db)) === 0) redirect(`/sign-up?next=${encodeURIComponent(next)}`);
    open = (await getSignupMode(db)) === "open";
  } catch (error) {
    // The form still shows (it works again once the database is back), with the reason it fails now.
    if (!isDatabaseUnavailable(error)) throw error;
    databaseDown = true;
  }
  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold">Sign in to Loupe</h1>
      {databaseDown ? (
        <Callout tone="warning" title="Signing in does not work right now" data-testid="database-unavailable">
          {DATABASE_UNAVAILABLE_MESSAGE}
        </Callout>
      ) : null}
      <AccountForm mode="sign-in" next={next} />
      <p className="text-muted-foreground text-sm">
        <Link className="text-primary hover:underline" href="/reset">
          Forgot your password?
        </Link>
        {open ? (
          <>
            {" · "}
            <Link className="text-primary hover:underline" href={`/sign-up?next=${encodeURIComponent(next)}`}>
              Create an account
            </Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
