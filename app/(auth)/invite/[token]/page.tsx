import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { invitationProblem } from "@/lib/auth/signup-policy";
import { getViewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db";
import { findInvitation } from "@/lib/workspaces/invitations";
import { AcceptButton } from "./accept-button";

export const metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(await prisma(), token);
  const viewer = await getViewer();
  const problem = invitationProblem(invitation, new Date(), viewer?.email);
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold">
        {invitation && !problem ? `Join ${invitation.workspace.name}` : "Invitation"}
      </h1>
      {problem || !invitation ? (
        <Callout tone="danger">{problem}</Callout>
      ) : viewer ? (
        <>
          <p className="text-sm">
            You are signed in as {viewer.email}. You will join as {invitation.role}.
          </p>
          <AcceptButton token={token} />
        </>
      ) : (
        <>
          <p className="text-sm">You are invited to join as {invitation.role}.</p>
          <div className="flex gap-2">
            <Button asChild>
              <Link href={`/sign-up?invitation=${encodeURIComponent(token)}&next=/`}>Create an account</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link>
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
