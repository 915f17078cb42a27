// A signed-in member for UI tests: signs in as the UI test user, or signs it up when the instance
// has no such account yet (the first account of a fresh e2e server is always allowed). The session
// cookie lands in a storage state file the member's browser context starts from.
import fs from "node:fs/promises";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";

export const UI_USER = {
  email: process.env.E2E_UI_EMAIL ?? "ui-member@loupe.test",
  password: process.env.E2E_UI_PASSWORD ?? "correct horse battery staple",
  name: "Uma Interface",
};

export async function signedInState(baseURL: string, dir: string): Promise<string> {
  const file = path.join(dir, "ui-member.json");
  // better-auth refuses cookie-changing POSTs without a same-origin Origin header.
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
  try {
    const signIn = await api.post("/api/auth/sign-in/email", {
      data: { email: UI_USER.email, password: UI_USER.password },
    });
    if (!signIn.ok()) {
      const signUp = await api.post("/api/auth/sign-up/email", { data: UI_USER });
      if (!signUp.ok()) {
        throw new Error(
          `The UI test user ${UI_USER.email} could neither sign in (${signIn.status()}) nor sign up (${signUp.status()}: ${await signUp.text()}). ` +
            "Create it on the e2e server (or set E2E_UI_EMAIL/E2E_UI_PASSWORD to an existing account).",
        );
      }
    }
    await fs.mkdir(dir, { recursive: true });
    await api.storageState({ path: file });
    return file;
  } finally {
    await api.dispose();
  }
}
