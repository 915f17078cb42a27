"use client";

import { API_KEY_SCOPES } from "@/lib/auth/api-keys-scopes";
import { ActionButton } from "../_components/action";
import { Input, JsonForm, ShownOnce } from "../_components/json-form";
import { Section } from "../_components/section";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function ApiKeysPanel({
  keys,
}: {
  keys: {
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    lastUsedAt: string | null;
    revokedAt: string | null;
    createdAt: string;
  }[];
}) {
  return (
    <>
      <Section
        title="New API key"
        description="A key acts for you in this workspace: it sees what you see and does what your role allows, limited to its scopes, and stops working if you leave. The key is shown once; only its hash is kept."
      >
        <JsonForm
          method="POST"
          url="/api/workspaces/current/api-keys"
          submit="Create key"
          testId="create-api-key"
          toBody={(f) => ({
            name: f.name,
            scopes: API_KEY_SCOPES.filter((s) => f[`scope:${s}`] === "on"),
          })}
          show={(data) => <ShownOnce label="Copy the key now: it will not be shown again." value={String(data.key)} />}
        >
          <Input label="Name" name="name" required maxLength={80} placeholder="e.g. CI pipeline" />
          <fieldset className="grid gap-1.5 text-sm">
            <legend className="mb-1 font-medium">Scopes</legend>
            {API_KEY_SCOPES.map((s) => (
              <label key={s} className="flex items-center gap-2">
                <input type="checkbox" name={`scope:${s}`} defaultChecked />{" "}
                <code className="font-mono text-xs">{s}</code>
              </label>
            ))}
          </fieldset>
        </JsonForm>
      </Section>
      <Section title="Keys">
        {keys.length === 0 ? <p className="text-muted-foreground text-sm">No keys yet.</p> : null}
        <ul className="divide-border divide-y" data-testid="api-keys">
          {keys.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
              <div className="min-w-0 flex-1">
                <div className="font-medium">{k.name}</div>
                <div className="text-muted-foreground text-xs">
                  <code className="font-mono">{k.prefix}…</code> · {k.scopes.join(", ")} · last used{" "}
                  {when(k.lastUsedAt)}
                </div>
              </div>
              {k.revokedAt ? (
                <span className="text-muted-foreground text-xs">revoked {when(k.revokedAt)}</span>
              ) : (
                <ActionButton
                  method="DELETE"
                  url={`/api/workspaces/current/api-keys/${k.id}`}
                  label="Revoke"
                  variant="danger"
                  confirm={`Revoke "${k.name}"? Anything using it stops working at once.`}
                />
              )}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
