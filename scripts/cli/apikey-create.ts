import { createApiKey } from "@/lib/auth/api-keys";
import { recordAudit } from "@/lib/db/audit";
import { closeDatabase, prisma } from "@/lib/db";
import { getMembership } from "@/lib/db/memberships";
import { getUserByEmail } from "@/lib/db/users";
import { getPersonalWorkspace, getWorkspaceBySlug } from "@/lib/db/workspaces";
import { missing, parseFlags } from "./flags";
import type { Command } from "./types";

const FLAGS = {
  user: { type: "string", needs: "the email address of the person the key acts for" },
  workspace: { type: "string", needs: "a slug" },
  name: { type: "string", needs: "a label" },
} as const;

export interface ApikeyCreateInput {
  email: string;
  /** Undefined: the person's personal workspace. */
  slug: string | undefined;
  name: string;
}

export function parseApikeyCreateArgs(args: string[]): ApikeyCreateInput {
  const flags = parseFlags(apikeyCreate.name, args, FLAGS);
  const email = flags.user?.trim().toLowerCase();
  if (!email) throw missing("user", FLAGS);
  return { email, slug: flags.workspace || undefined, name: flags.name ?? "CLI key" };
}

// A key acts for a person (lib/auth/actor): it sees what they see and stops working when they
// leave the workspace, so the command names them.
export const apikeyCreate: Command = {
  name: "apikey:create",
  summary:
    "Create an API key that acts for a person in one of their workspaces; the key is printed once, on the last line.",
  usage: "apikey:create --user <email> [--workspace <slug>] [--name <label>]",
  async run(args) {
    const { email, slug, name } = parseApikeyCreateArgs(args);
    try {
      const db = await prisma();
      const user = await getUserByEmail(db, { email });
      if (!user) {
        console.error(`There is no account for ${email}. Create it first with \`npm run loupe -- user:create\`.`);
        return 1;
      }
      const workspace = slug
        ? await getWorkspaceBySlug(db, { slug })
        : await getPersonalWorkspace(db, { userId: user.id });
      if (!workspace) {
        console.error(
          slug
            ? `There is no workspace "${slug}". List them in the app, or omit --workspace for ${email}'s personal one.`
            : `${email} has no personal workspace yet: they get one when they first sign in. Or pass --workspace.`,
        );
        return 1;
      }
      if (!(await getMembership(db, { workspaceId: workspace.id, userId: user.id }))) {
        console.error(
          `${email} is not a member of the workspace "${workspace.slug}", so a key cannot act for them there.`,
        );
        return 1;
      }
      const { key, prefix, id } = await createApiKey(db, { workspaceId: workspace.id, name, createdById: user.id });
      await recordAudit(db, {
        workspaceId: workspace.id,
        actorId: user.id,
        action: "apikey.created",
        target: id,
        data: { name, prefix, via: "cli" },
      });
      console.log(
        `Created API key "${name}" (${prefix}…) acting for ${email} in workspace ${workspace.slug}. It is shown once; store it now.`,
      );
      console.log(key);
      return 0;
    } finally {
      await closeDatabase();
    }
  },
};
