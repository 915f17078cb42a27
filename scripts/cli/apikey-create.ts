import { createApiKey } from "@/lib/auth/api-keys";
import { recordAudit } from "@/lib/db/audit";
import { closeDatabase, prisma } from "@/lib/db";
import { DEFAULT_WORKSPACE_SLUG, ensureWorkspace, getWorkspaceBySlug } from "@/lib/db/workspaces";
import { parseFlags, UsageError, type Command } from "./types";

export const apikeyCreate: Command = {
  name: "apikey:create",
  summary: "Create an API key for a workspace; the key is printed once, on the last line.",
  usage: "apikey:create [--workspace <slug>] [--name <label>]",
  async run(args) {
    const flags = parseFlags(args);
    const slug = typeof flags.workspace === "string" ? flags.workspace : undefined;
    const name = typeof flags.name === "string" ? flags.name : "CLI key";
    if (flags.workspace === true) throw new UsageError("--workspace needs a slug.");
    try {
      const db = await prisma();
      const workspace = slug
        ? await getWorkspaceBySlug(db, { slug })
        : await ensureWorkspace(db, { slug: DEFAULT_WORKSPACE_SLUG, name: "Default" });
      if (!workspace) {
        console.error(
          `There is no workspace "${slug}". List them in the app, or omit --workspace for the default one.`,
        );
        return 1;
      }
      const { key, prefix, id } = await createApiKey(db, { workspaceId: workspace.id, name });
      await recordAudit(db, {
        workspaceId: workspace.id,
        actorId: null,
        action: "apikey.created",
        target: id,
        data: { name, prefix, via: "cli" },
      });
      console.log(
        `Created API key "${name}" (${prefix}…) for workspace ${workspace.slug}. It is shown once; store it now.`,
      );
      console.log(key);
      return 0;
    } finally {
      await closeDatabase();
    }
  },
};
