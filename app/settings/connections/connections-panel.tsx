"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import type { SecretName, WorkspaceSettings } from "@/lib/workspaces/settings";
import { ActionButton } from "../_components/action";
import { Input, JsonForm, Select } from "../_components/json-form";
import { request } from "../_components/request";
import { Section } from "../_components/section";

type View = { settings: WorkspaceSettings; secrets: Record<SecretName, { set: boolean }> };

/** Split a flat form into `{ settings: { section: {...} }, secrets: {...} }`; blank fields are left alone. */
function toUpdate(section: "model" | "search" | "sandbox", secretNames: SecretName[]) {
  return (fields: Record<string, string>) => {
    const secrets: Record<string, string> = {};
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) {
      if ((secretNames as string[]).includes(k)) secrets[k] = v;
      else values[k] = v;
    }
    return { settings: { [section]: values }, secrets };
  };
}

function SecretInput({ name, label, set }: { name: SecretName; label: string; set: boolean }) {
  return (
    <Input
      label={label}
      name={name}
      type="password"
      autoComplete="off"
      placeholder={set ? "•••••••• (set; type to replace)" : "not set"}
      hint={set ? "Stored encrypted. It is never shown again." : undefined}
    />
  );
}

/** Under each connection: try it, and go back to the server's own configuration. */
function ConnectionActions({
  target,
  children,
}: {
  target: "model" | "search" | "sandbox";
  children?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <TestButton target={target} />
      {children}
      <ActionButton
        method="PATCH"
        url="/api/workspaces/current/settings"
        body={{ settings: { [target]: {} } }}
        label="Use server defaults"
        variant="ghost"
      />
    </div>
  );
}

function TestButton({ target }: { target: "model" | "search" | "sandbox" }) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="grid gap-2">
      <div>
        <Button
          size="sm"
          variant="outline"
          disabled={busy}
          data-testid={`test-${target}`}
          onClick={async () => {
            setBusy(true);
            const r = await request("POST", "/api/workspaces/current/settings/test", { target });
            setBusy(false);
            if (!r.ok) return setResult({ ok: false, message: r.message });
            const data = r.data as { ok: boolean; message: string; source: "workspace" | "instance" };
            const tried = data.source === "workspace" ? "this workspace's settings" : "this server's defaults";
            setResult({ ok: data.ok, message: `${data.message} (tried with ${tried})` });
          }}
        >
          Test connection
        </Button>
      </div>
      {result ? <Callout tone={result.ok ? "info" : "danger"}>{result.message}</Callout> : null}
    </div>
  );
}

function ClearSecret({ name, set }: { name: SecretName; set: boolean }) {
  if (!set) return null;
  return (
    <ActionButton
      method="PATCH"
      url="/api/workspaces/current/settings"
      body={{ secrets: { [name]: null } }}
      label={`Clear ${name}`}
      variant="ghost"
    />
  );
}

export function ConnectionsPanel({ view }: { view: View }) {
  const { settings: s, secrets } = view;
  return (
    <>
      <Callout>Blank fields use this server&apos;s defaults from its environment. Secrets are write-only.</Callout>
      <Section title="Model server" description="An OpenAI-compatible endpoint (vLLM) serving DeepEyesV2.">
        <JsonForm
          method="PATCH"
          url="/api/workspaces/current/settings"
          submit="Save model settings"
          toBody={toUpdate("model", ["model.apiKey"])}
        >
          <Input label="Base URL" name="baseUrl" defaultValue={s.model?.baseUrl} placeholder="http://gpu-box:8000/v1" />
          <Input
            label="Model name"
            name="name"
            defaultValue={s.model?.name}
            placeholder="first model the server lists"
          />
          <Select
            label="Profile"
            name="profile"
            defaultValue={s.model?.profile ?? "deepeyes-v2"}
            options={[
              { value: "deepeyes-v2", label: "DeepEyesV2" },
              { value: "deepeyes-v1", label: "DeepEyes (v1)" },
            ]}
          />
          <Select
            label="Image transport"
            name="imageTransport"
            defaultValue={s.model?.imageTransport ?? "data"}
            options={[
              { value: "data", label: "Inline (data URLs)" },
              { value: "url", label: "Signed URLs (needs PUBLIC_BASE_URL)" },
            ]}
          />
          <SecretInput name="model.apiKey" label="API key" set={secrets["model.apiKey"].set} />
        </JsonForm>
        <ConnectionActions target="model">
          <ClearSecret name="model.apiKey" set={secrets["model.apiKey"].set} />
        </ConnectionActions>
      </Section>
      <Section title="Search" description="Text search and reverse image search providers.">
        <JsonForm
          method="PATCH"
          url="/api/workspaces/current/settings"
          submit="Save search settings"
          toBody={toUpdate("search", [
            "search.serperApiKey",
            "search.serpapiApiKey",
            "search.braveApiKey",
            "search.tavilyApiKey",
          ])}
        >
          <Select
            label="Text search"
            name="textProvider"
            defaultValue={s.search?.textProvider ?? ""}
            options={[
              { value: "", label: "Server default" },
              ...["searxng", "serper", "serpapi", "brave", "tavily"].map((p) => ({ value: p, label: p })),
            ]}
          />
          <Select
            label="Image search"
            name="imageProvider"
            defaultValue={s.search?.imageProvider ?? ""}
            options={[
              { value: "", label: "Server default" },
              { value: "serpapi", label: "serpapi" },
              { value: "serper", label: "serper" },
            ]}
          />
          <Input label="SearXNG URL" name="searxngUrl" defaultValue={s.search?.searxngUrl} />
          <SecretInput name="search.serperApiKey" label="Serper API key" set={secrets["search.serperApiKey"].set} />
          <SecretInput name="search.serpapiApiKey" label="SerpAPI API key" set={secrets["search.serpapiApiKey"].set} />
          <SecretInput name="search.braveApiKey" label="Brave API key" set={secrets["search.braveApiKey"].set} />
          <SecretInput name="search.tavilyApiKey" label="Tavily API key" set={secrets["search.tavilyApiKey"].set} />
        </JsonForm>
        <ConnectionActions target="search" />
      </Section>
      <Section
        title="Sandbox"
        description="Where the model's Python runs: a Jupyter Server, Enterprise Gateway or jupyter_sandbox."
      >
        <JsonForm
          method="PATCH"
          url="/api/workspaces/current/settings"
          submit="Save sandbox settings"
          toBody={toUpdate("sandbox", ["sandbox.token"])}
        >
          <Select
            label="Kind"
            name="kind"
            defaultValue={s.sandbox?.kind ?? "jupyter"}
            options={[
              { value: "jupyter", label: "Jupyter Server / Enterprise Gateway" },
              { value: "jupyter_sandbox", label: "jupyter_sandbox" },
            ]}
          />
          <Input label="URL" name="url" defaultValue={s.sandbox?.url} />
          <SecretInput name="sandbox.token" label="Token" set={secrets["sandbox.token"].set} />
        </JsonForm>
        <ConnectionActions target="sandbox" />
      </Section>
    </>
  );
}
