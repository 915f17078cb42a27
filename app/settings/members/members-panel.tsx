"use client";

import { canChangeMember, type Role } from "@/lib/auth/roles";
import { absoluteLink } from "@/lib/http/absolute-link";
import { ActionButton } from "../_components/action";
import { Input, JsonForm, Select, ShownOnce } from "../_components/json-form";
import { Section } from "../_components/section";

const ROLE_OPTIONS = [
  { value: "viewer", label: "Viewer: reads conversations" },
  { value: "member", label: "Member: runs their own conversations" },
  { value: "admin", label: "Admin: manages people, keys and settings" },
];

export function MembersPanel({
  me,
  personal,
  members,
  invitations,
}: {
  me: { userId: string; role: Role };
  personal: boolean;
  members: { userId: string; name: string; email: string; role: Role }[];
  invitations: { id: string; email: string | null; role: Role; expiresAt: string }[];
}) {
  const admin = me.role === "owner" || me.role === "admin";
  return (
    <>
      <Section title="Members">
        <ul className="divide-border divide-y" data-testid="members">
          {members.map((m) => (
            <li key={m.userId} className="flex flex-wrap items-center gap-3 py-3">
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm font-medium">{m.name}</div>
                <div className="text-muted-foreground truncate text-xs">{m.email}</div>
              </div>
              <span className="text-muted-foreground text-xs">{m.role}</span>
              {m.userId !== me.userId && canChangeMember(me.role, m.role, "member") ? (
                <JsonForm method="PATCH" url={`/api/workspaces/current/members/${m.userId}`} submit="Change role">
                  <Select
                    label="Role"
                    name="role"
                    defaultValue={m.role}
                    options={ROLE_OPTIONS.filter((o) => canChangeMember(me.role, m.role, o.value as Role))}
                  />
                </JsonForm>
              ) : null}
              {m.userId !== me.userId && canChangeMember(me.role, m.role, null) ? (
                <ActionButton
                  method="DELETE"
                  url={`/api/workspaces/current/members/${m.userId}`}
                  label="Remove"
                  variant="danger"
                  confirm={`Remove ${m.email}? Their access ends at once.`}
                />
              ) : null}
              {me.role === "owner" && m.userId !== me.userId && !personal ? (
                <ActionButton
                  method="POST"
                  url="/api/workspaces/current/transfer"
                  body={{ userId: m.userId }}
                  label="Make owner"
                  confirm={`Make ${m.email} the owner? You will become an admin.`}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      {admin && !personal ? (
        <Section
          title="Invite"
          description="The link works once and expires in 7 days. With an email and SMTP set up it is sent; otherwise copy it here."
        >
          <JsonForm
            method="POST"
            url="/api/workspaces/current/invitations"
            submit="Create invitation"
            testId="invite"
            show={(data) =>
              typeof data.url === "string" ? (
                <ShownOnce
                  label="Send this link to the person you invite. It is shown only now."
                  value={absoluteLink(data.url)}
                />
              ) : (
                <p className="text-sm">The invitation was emailed.</p>
              )
            }
          >
            <Input
              label="Email (optional)"
              name="email"
              type="email"
              hint="If given, only this address can use the link."
            />
            <Select label="Role" name="role" defaultValue="member" options={ROLE_OPTIONS} />
          </JsonForm>
          {invitations.length > 0 ? (
            <ul className="divide-border divide-y">
              {invitations.map((i) => (
                <li key={i.id} className="flex items-center gap-3 py-2 text-sm">
                  <span className="flex-1">{i.email ?? "Anyone with the link"}</span>
                  <span className="text-muted-foreground text-xs">
                    {i.role} · until {new Date(i.expiresAt).toLocaleDateString()}
                  </span>
                  <ActionButton method="DELETE" url={`/api/workspaces/current/invitations/${i.id}`} label="Withdraw" />
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
      ) : null}
    </>
  );
}
