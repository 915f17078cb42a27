import { randomBytes } from "node:crypto";
import { asOperator, getAuth } from "@/lib/auth/server";
import { closeDatabase, prisma } from "@/lib/db";
import { getUserByEmail } from "@/lib/db/users";
import { parseFlags, UsageError, type Command } from "./types";

export const userCreate: Command = {
  name: "user:create",
  summary: "Create an account (whatever the sign-up mode); a generated password is printed on the last line.",
  usage: "user:create --email <address> --name <name> [--password <pw>] [--admin]",
  async run(args) {
    const flags = parseFlags(args);
    const email = typeof flags.email === "string" ? flags.email.trim().toLowerCase() : undefined;
    const name = typeof flags.name === "string" ? flags.name.trim() : undefined;
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError("--email needs an email address.");
    if (!name) throw new UsageError("--name needs the person's name.");
    if (flags.password === true) throw new UsageError("--password needs a value (or leave it out to generate one).");
    const generated = flags.password === undefined;
    const password = typeof flags.password === "string" ? flags.password : randomBytes(18).toString("base64url");
    if (password.length < 10) throw new UsageError("--password must be at least 10 characters.");
    try {
      if (await getUserByEmail(await prisma(), { email })) {
        console.error(`There is already an account for ${email}.`);
        return 1;
      }
      const auth = await getAuth();
      await asOperator(flags.admin === true ? "admin" : "user", () =>
        auth.api.signUpEmail({ body: { email, name, password } }),
      );
      console.log(
        `Created ${flags.admin === true ? "instance admin" : "user"} ${email} with a personal workspace.` +
          (generated ? " Their password is below; it is shown once." : ""),
      );
      if (generated) console.log(password);
      return 0;
    } finally {
      await closeDatabase();
    }
  },
};
