import Link from "next/link";
import { AccountForm } from "../_components/account-form";

export const metadata = { title: "Reset your password" };

export default function ResetPage() {
  return (
    <div className="grid gap-6">
      <h1 className="text-xl font-semibold">Reset your password</h1>
      <AccountForm mode="reset-request" />
      <p className="text-muted-foreground text-sm">
        <Link className="text-primary hover:underline" href="/sign-in">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}
