"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field } from "@/components/ui/field";
import { safeNextPath } from "@/lib/auth/next-path";
import { send } from "./send";

type Mode = "sign-in" | "sign-up" | "reset-request" | "reset-new";

const SUBMIT: Record<Mode, string> = {
  "sign-in": "Sign in",
  "sign-up": "Create account",
  "reset-request": "Send reset link",
  "reset-new": "Set new password",
};

/** Sign-in, sign-up and password reset: one form, posting to better-auth's endpoints. */
export function AccountForm({
  mode,
  next = "/",
  invitation,
  token,
}: {
  mode: Mode;
  next?: string;
  invitation?: string;
  token?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setBusy(true);
    setError(null);
    const result =
      mode === "sign-in"
        ? await send("/api/auth/sign-in/email", { email: form.email, password: form.password })
        : mode === "sign-up"
          ? await send(
              "/api/auth/sign-up/email",
              { name: form.name, email: form.email, password: form.password },
              { headers: invitation ? { "x-loupe-invitation": invitation } : {} },
            )
          : mode === "reset-request"
            ? await send("/api/auth/request-password-reset", { email: form.email, redirectTo: "/reset/new" })
            : await send("/api/auth/reset-password", { newPassword: form.password, token });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    if (mode === "reset-request") {
      return setNotice(
        "If an account has that address, a reset link is on its way. No email? Ask the instance admin for a reset link.",
      );
    }
    // A full navigation, so every server component sees the new session; only ever to a path on
    // this site, whatever `next` the page was given.
    window.location.assign(mode === "reset-new" ? "/sign-in" : safeNextPath(next));
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" data-testid={`${mode}-form`}>
      {mode === "sign-up" ? <Field label="Name" name="name" autoComplete="name" required maxLength={80} /> : null}
      {mode !== "reset-new" ? (
        <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} />
      ) : null}
      {mode !== "reset-request" ? (
        <Field
          label={mode === "reset-new" ? "New password" : "Password"}
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          required
          minLength={mode === "sign-in" ? 1 : 10}
          maxLength={256}
          hint={mode === "sign-in" ? undefined : "At least 10 characters."}
        />
      ) : null}
      {error ? (
        <Callout tone="danger" role="alert" data-testid="form-error">
          {error}
        </Callout>
      ) : null}
      {notice ? <Callout role="status">{notice}</Callout> : null}
      <Button type="submit" disabled={busy}>
        {SUBMIT[mode]}
      </Button>
    </form>
  );
}
