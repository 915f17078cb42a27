import { randomBytes } from "node:crypto";
import { asOperator, getAuth } from "@/lib/auth/server";
import { closeDatabase, prisma } from "@/lib/db";
import { getUserByEmail } from "@/lib/db/users";
import { missing, parseFlags } from "./flags";
import { UsageError, type Command } from "./types";

const FLAGS = {
  email: { type: "string", needs: "an email address" },
  name: { type: "string", needs: "the person's name" },
  password: { type: "string", needs: "a value (or leave it out to generate one)" },
  admin: { type: "boolean" },
} as const;

export interface UserCreateInput {
  email: string;
  name: string;
  /** Undefined: one is generated and printed. */
  password: string | undefined;
  admin: boolean;
}

export function parseUserCreateArgs(args: string[]): UserCreateInput {
  const flags = parseFlags(userCreate.name, args, FLAGS);
  const email = flags.email?.trim().toLowerCase();
  const name = flags.name?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw missing("email", FLAGS);
  if (!name) throw missing("name", FLAGS);
  if (flags.password !== undefined && flags.password.length < 10)
    throw new UsageError("--password must be at least 10 characters.");
  return { email, name, password: flags.password, admin: flags.admin === true };
}

export const userCreate: Command = {
  name: "user:create",
  summary: "Create an account (whatever the sign-up mode); a generated password is printed on the last line.",
  usage: "user:create --email <address> --name <name> [--password <pw>] [--admin]",
  async run(args) {
    const { email, name, admin, ...given } = parseUserCreateArgs(args);
    const generated = given.password === undefined;
    const password = given.password ?? randomBytes(18).toString("base64url");
    try {
      if (await getUserByEmail(await prisma(), { email })) {
        console.error(`There is already an account for ${email}.`);
        return 1;
      }
      const auth = await getAuth();
      await asOperator(admin ? "admin" : "user", () => auth.api.signUpEmail({ body: { email, name, password } }));
      console.log(
        `Created ${admin ? "instance admin" : "user"} ${email} with a personal workspace.` +
          (generated ? " Their password is below; it is shown once." : ""),
      );
      if (generated) console.log(password);
      return 0;
    } finally {
      await closeDatabase();
    }
  },
};
