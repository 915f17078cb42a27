import { describe, expect, it } from "vitest";
import { missing, parseFlags } from "./flags";
import { UsageError } from "./types";

const FLAGS = {
  email: { type: "string", needs: "an email address" },
  label: { type: "string" },
  admin: { type: "boolean" },
} as const;

function refusal(args: string[]): string {
  try {
    parseFlags("demo", args, FLAGS);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(args)} was accepted`);
}

describe("parseFlags", () => {
  it("reads --flag value, --flag=value and switches; the last of a repeated flag wins", () => {
    expect(parseFlags("demo", ["--email", "a@b", "--label=x=y", "--admin"], FLAGS)).toEqual({
      email: "a@b",
      label: "x=y",
      admin: true,
    });
    expect(parseFlags("demo", ["--label", "one", "--label", "two"], FLAGS)).toEqual({ label: "two" });
    expect(parseFlags("demo", [], FLAGS)).toEqual({});
    expect(parseFlags("demo", ["--label="], FLAGS)).toEqual({ label: "" });
    expect(parseFlags("demo", ["--label=-x"], FLAGS)).toEqual({ label: "-x" });
    expect(parseFlags("demo", ["--label", "two words"], FLAGS)).toEqual({ label: "two words" });
  });

  it.each([
    [["--emial", "a@b"], "There is no flag --emial for demo."],
    [["--email", "a@b", "--admn"], "There is no flag --admn for demo."],
    [["-e", "a@b"], "There is no flag -e for demo."],
    [["--no-admin"], "There is no flag --no-admin for demo."],
    [["--email"], "--email needs an email address."],
    [["--label"], "--label needs a value."],
    [["--email", "--admin"], "--email needs an email address."],
    [["--email", "--"], "--email needs an email address."],
    [["--label", "-x"], "The value of --label starts with a dash; write it as --label=-x."],
    [["--admin=yes"], "--admin takes no value."],
    [["--admin="], "--admin takes no value."],
    [["extra"], 'Unexpected argument "extra".'],
    [["--email", "a@b", "extra"], 'Unexpected argument "extra".'],
    [["--admin", "yes"], 'Unexpected argument "yes".'],
    [["--", "--admin"], 'Unexpected argument "--admin".'],
  ])("refuses %j: %s", (args, sentence) => {
    expect(refusal(args)).toBe(sentence);
  });

  it("names the first mistake, in the order given", () => {
    expect(refusal(["--emial", "x", "--label"])).toBe("There is no flag --emial for demo.");
    expect(refusal(["--label", "extra", "--emial"])).toBe("There is no flag --emial for demo.");
  });

  it("takes no flags at all when none are declared", () => {
    expect(parseFlags("bare", [], {})).toEqual({});
    expect(() => parseFlags("bare", ["--verbose"], {})).toThrow("There is no flag --verbose for bare.");
  });

  it("says what a required flag needs", () => {
    expect(missing("email", FLAGS).message).toBe("--email needs an email address.");
    expect(missing("label", FLAGS).message).toBe("--label needs a value.");
  });
});
