import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import { AccountForm } from "../../_components/account-form";

export const metadata = { title: "Choose a new password" };

export default async function NewPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; error?: string }>;
}) {
  const { token, error } = await searchParams;
  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {token && !error ? (
        <>
          <AccountForm mode="reset-new" token={token} />
          <p className="text-muted-foreground text-xs">Every device signed in to your account will be signed out.</p>
        </>
      ) : (
        <Callout tone="danger">
          This reset link is not valid or has expired.{" "}
          <Link className="text-primary hover:underline" href="/reset">
            Ask for a new one
          </Link>
          .
        </Callout>
      )}
    </div>
  );
}
