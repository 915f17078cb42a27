"use client";

import type { Role } from "@/lib/auth/roles";
import { absoluteLink } from "@/lib/http/absolute-link";
import { ActionButton } from "./_components/action";
import { Input, JsonForm, Select, ShownOnce } from "./_components/json-form";
import { Section } from "./_components/section";

export function GeneralPanel({
  workspace,
  role,
  canRename,
  userId,
  workspaces,
  signupMode,
}: {
  workspace: { id: string; slug: string; name: string; personal: boolean };
  role: Role;
  canRename: boolean;
  userId: string;
  workspaces: { id: string; slug: string; name: string; role: Role }[];
  signupMode: string | null;
}) {
  return (
    <>
      <Section title="Workspace" description={`You are ${role} of ${workspace.name} (${workspace.slug}).`}>
        {canRename ? (
          <JsonForm method="PATCH" url="/api/workspaces/current" submit="Rename" testId="rename-workspace">
            <Input label="Name" name="name" defaultValue={workspace.name} required maxLength={80} />
          </JsonForm>
        ) : null}
        {workspaces.length > 1 ? (
          <div className="grid gap-2">
            <span className="text-sm font-medium">Switch workspace</span>
            <div className="flex flex-wrap gap-2">
              {workspaces
                .filter((w) => w.id !== workspace.id)
                .map((w) => (
                  <ActionButton
                    key={w.id}
                    method="POST"
                    url="/api/workspaces/active"
                    body={{ workspaceId: w.id }}
                    label={`${w.name} (${w.role})`}
                    after="/settings"
                  />
                ))}
            </div>
          </div>
        ) : null}
        {!workspace.personal ? (
          <div className="flex flex-wrap gap-2">
            <ActionButton
              method="DELETE"
              url={`/api/workspaces/current/members/${encodeURIComponent(userId)}`}
              label="Leave this workspace"
              confirm={`Leave ${workspace.name}? You will need a new invitation to come back.`}
              after="/"
              variant="outline"
            />
          </div>
        ) : null}
      </Section>

      <Section title="New workspace" description="A team workspace you own; invite people to it from Members.">
        <JsonForm method="POST" url="/api/workspaces" submit="Create workspace" after="/settings/members">
          <Input label="Name" name="name" required maxLength={80} />
        </JsonForm>
      </Section>

      <Section title="Your account">
        <JsonForm
          method="POST"
          url="/api/auth/change-password"
          submit="Change password"
          testId="change-password"
          toBody={(f) => ({ currentPassword: f.currentPassword, newPassword: f.newPassword })}
        >
          <Input
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
          <Input
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            hint="Your other devices will be signed out."
          />
        </JsonForm>
        <div>
          <ActionButton
            method="POST"
            url="/api/auth/revoke-sessions"
            body={{}}
            label="Sign out everywhere"
            confirm="Sign out of Loupe on every device, this one included?"
            after="/sign-in"
            testId="sign-out-everywhere"
          />
        </div>
      </Section>

      {signupMode !== null ? (
        <Section title="Instance" description="Only you, the instance admin, see this.">
          <JsonForm method="PUT" url="/api/workspaces/instance" submit="Save" testId="signup-mode">
            <Select
              label="Who may create an account"
              name="signupMode"
              defaultValue={signupMode}
              options={[
                { value: "open", label: "Anyone who can reach this server" },
                { value: "invite_only", label: "Only people with an invitation" },
                { value: "closed", label: "Nobody (accounts made with `npm run loupe -- user:create`)" },
              ]}
            />
          </JsonForm>
          <JsonForm
            method="POST"
            url="/api/workspaces/instance/reset-link"
            submit="Make reset link"
            testId="reset-link"
            show={(data) => (
              <ShownOnce label="Pass this on; it works once, for an hour." value={absoluteLink(String(data.url))} />
            )}
          >
            <Input
              label="Password reset link for"
              name="email"
              type="email"
              required
              hint="For servers without SMTP: the person opens it to choose a new password."
            />
          </JsonForm>
        </Section>
      ) : null}

      {role === "owner" && !workspace.personal ? (
        <Section
          title="Delete workspace"
          description="Everything in it goes: conversations, runs, images, keys, settings."
        >
          <JsonForm method="DELETE" url="/api/workspaces/current" submit="Delete workspace for ever" after="/">
            <Input label={`Type ${workspace.slug} to confirm`} name="confirm" required autoComplete="off" />
          </JsonForm>
        </Section>
      ) : null}
    </>
  );
}
