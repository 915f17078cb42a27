// Each command's flags, parsed before anything is opened: a mistake is a usage error (exit 2) with
// one sentence naming it and the command's usage.
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseApikeyCreateArgs } from "./apikey-create";
import { dbMigrate } from "./db-migrate";
import { doctor } from "./doctor";
import { main } from "./main";
import { parseUserCreateArgs } from "./user-create";

afterEach(() => vi.restoreAllMocks());

/** Runs the CLI and returns its exit code and what it wrote to stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  vi.spyOn(console, "log").mockImplementation(() => {});
  const code = await main(argv);
  return { code, stderr: lines.join("\n") };
}

describe("user:create", () => {
  it("reads every flag, in any order and either form", () => {
    expect(
      parseUserCreateArgs([
        "--admin",
        "--email",
        " Ada@Example.COM ",
        "--name=Ada Lovelace",
        "--password",
        "0123456789",
      ]),
    ).toEqual({ email: "ada@example.com", name: "Ada Lovelace", password: "0123456789", admin: true });
    expect(parseUserCreateArgs(["--email=a@b", "--name", "A"])).toEqual({
      email: "a@b",
      name: "A",
      password: undefined,
      admin: false,
    });
  });

  it.each([
    [["--emial", "a@b", "--name", "A"], "There is no flag --emial for user:create."],
    [["--email", "a@b", "--name", "A", "--admn"], "There is no flag --admn for user:create."],
    [["--name", "A"], "--email needs an email address."],
    [["--email", "not-an-address", "--name", "A"], "--email needs an email address."],
    [["--email", "a@b"], "--name needs the person's name."],
    [["--email", "a@b", "--name", "  "], "--name needs the person's name."],
    [["--email", "a@b", "--name", "A", "--password"], "--password needs a value (or leave it out to generate one)."],
    [
      ["--email", "a@b", "--name", "A", "--password", "--admin"],
      "--password needs a value (or leave it out to generate one).",
    ],
    [["--email", "a@b", "--name", "A", "--password", "short"], "--password must be at least 10 characters."],
    [["--email", "a@b", "--name", "A", "--admin=no"], "--admin takes no value."],
    [["--email", "a@b", "--name", "A", "--admin", "no"], 'Unexpected argument "no".'],
  ])("refuses %j: %s", (args, sentence) => {
    expect(() => parseUserCreateArgs(args)).toThrow(sentence);
  });

  it("prints the sentence and the usage, and exits 2, before opening anything", async () => {
    expect(await cli("user:create", "--emial", "a@b", "--name", "A")).toEqual({
      code: 2,
      stderr:
        "There is no flag --emial for user:create.\n" +
        "Usage: npm run loupe -- user:create --email <address> --name <name> [--password <pw>] [--admin]",
    });
  });
});

describe("apikey:create", () => {
  it("reads every flag; the workspace and label are optional", () => {
    expect(parseApikeyCreateArgs(["--user", "Ada@Example.com", "--workspace", "team", "--name=CI"])).toEqual({
      email: "ada@example.com",
      slug: "team",
      name: "CI",
    });
    expect(parseApikeyCreateArgs(["--user=a@b"])).toEqual({ email: "a@b", slug: undefined, name: "CLI key" });
  });

  it.each([
    [["--usr", "a@b"], "There is no flag --usr for apikey:create."],
    [["--user", "a@b", "--worksapce", "team"], "There is no flag --worksapce for apikey:create."],
    [[], "--user needs the email address of the person the key acts for."],
    [["--user"], "--user needs the email address of the person the key acts for."],
    [["--user", "a@b", "--workspace"], "--workspace needs a slug."],
    [["--user", "a@b", "--workspace", "--name", "CI"], "--workspace needs a slug."],
    [["--user", "a@b", "--name"], "--name needs a label."],
    [["--user", "a@b", "team"], 'Unexpected argument "team".'],
  ])("refuses %j: %s", (args, sentence) => {
    expect(() => parseApikeyCreateArgs(args)).toThrow(sentence);
  });

  it("prints the sentence and the usage, and exits 2", async () => {
    expect(await cli("apikey:create", "--user", "a@b", "--worksapce", "team")).toEqual({
      code: 2,
      stderr:
        "There is no flag --worksapce for apikey:create.\n" +
        "Usage: npm run loupe -- apikey:create --user <email> [--workspace <slug>] [--name <label>]",
    });
  });
});

describe.each([
  ["doctor", doctor],
  ["db:migrate", dbMigrate],
])("%s takes no flags", (name, command) => {
  it.each([
    [["--verbos"], `There is no flag --verbos for ${name}.`],
    [["now"], 'Unexpected argument "now".'],
  ])("refuses %j before doing anything", async (args, sentence) => {
    await expect(command.run(args)).rejects.toThrow(sentence);
    expect(await cli(name, ...args)).toEqual({ code: 2, stderr: `${sentence}\nUsage: npm run loupe -- ${name}` });
  });
});

describe("the command itself", () => {
  it("an unknown command is named, with the list of commands", async () => {
    expect(await cli("user:craete")).toEqual({ code: 2, stderr: 'There is no command "user:craete".' });
  });
});
