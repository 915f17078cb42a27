"use client";

import { Input, JsonForm } from "../_components/json-form";
import { Section } from "../_components/section";

/** The instance admin's allow list: private hosts and ranges workspaces' own URLs may point to. */
export function PrivateEndpoints({ allowed, fromEnvironment }: { allowed: string[]; fromEnvironment: string[] }) {
  return (
    <Section
      title="Private addresses"
      description="Only you, the instance admin, see this. A workspace's model, SearXNG and sandbox URLs may not point into this server's network (loopback, LAN, link-local, cloud metadata) unless the host or its address range is listed here; this server's own MODEL_BASE_URL, SEARXNG_URL and SANDBOX_URL need no entry."
    >
      <JsonForm
        method="PUT"
        url="/api/workspaces/instance"
        submit="Save private addresses"
        testId="private-endpoints"
        toBody={(fields) => ({
          allowPrivateEndpoints: (fields.allowPrivateEndpoints ?? "").split(/[,\s]+/).filter(Boolean),
        })}
      >
        <Input
          label="Hosts and address ranges workspaces may use"
          name="allowPrivateEndpoints"
          defaultValue={allowed.join(", ")}
          placeholder="gpu-box, searxng.lan, 10.0.0.0/8, fd00::/8"
          hint={
            fromEnvironment.length > 0
              ? `Also allowed by LOUPE_ALLOW_PRIVATE_ENDPOINTS on the server: ${fromEnvironment.join(", ")}.`
              : "Comma-separated. Leave empty to allow none (LOUPE_ALLOW_PRIVATE_ENDPOINTS on the server adds to this list)."
          }
        />
      </JsonForm>
    </Section>
  );
}
