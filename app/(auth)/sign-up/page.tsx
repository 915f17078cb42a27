import Link from "next/link";
import { redirect } from "next/navigation";
import { Callout } from "@/components/ui/callout";
import { safeNextPath } from "@/lib/auth/next-path";
import { invitationProblem } from "@/lib/auth/signup-policy";
import { getViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { getSignupMode } from "@/lib/db/instance-settings";
import { countUsers } from "@/lib/db/users";
import { findInvitation } from "@/lib/workspaces/invitations";
import { AccountForm } from "../_components/account-form";

export const metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; invitation?: string }>;
}) {
  const query = await searchParams;
  const next = safeNextPath(query.next);
  if (await getViewer()) redirect(next);
  const db = await prisma();
  const firstRun = (await countUsers(db)) === 0;
  const invitation = query.invitation ? await findInvitation(db, query.invitation) : null;
  const problem = query.invitation ? invitationProblem(invitation, new Date()) : null;
  const mode = await getSignupMode(db);
  const allowed = firstRun || (invitation && !problem) || mode === "open";
  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold">{firstRun ? "Set up Loupe" : "Create your Loupe account"}</h1>
      {firstRun ? (
        <Callout>
          This is a fresh install. The account you create now is the instance admin: you choose who else may sign up.
        </Callout>
      ) : null}
      {invitation && !problem ? (
        <Callout>
          You are joining <strong>{invitation.workspace.name}</strong> as {invitation.role}.
        </Callout>
      ) : null}
      {problem ? <Callout tone="danger">{problem}</Callout> : null}
      {allowed ? (
        <AccountForm mode="sign-up" next={next} invitation={invitation && !problem ? query.invitation : undefined} />
      ) : (
        <Callout tone="warning">
          {mode === "closed"
            ? "Sign-up is closed on this server. Ask its admin to create an account for you."
            : "Sign-up on this server is by invitation. Ask a workspace admin for an invitation link."}
        </Callout>
      )}
      {firstRun ? null : (
        <p className="text-muted-foreground text-sm">
          Have an account?{" "}
          <Link className="text-primary hover:underline" href={`/sign-in?next=${encodeURIComponent(next)}`}>
            Sign in
          </Link>
        </p>
      )}
    </div>
  );
}
