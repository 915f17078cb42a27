// UI test fixtures: a browser page acting as a member of the e2e workspace, a separate signed-out
// page (for share links), and a check that no test leaves an error in the browser console.
//
// The member is a real signed-in user (session cookie), see ./session.ts.
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { fixturePath } from "../fixtures";
import { ConversationPage } from "./pages/conversation-page";
import { HomePage } from "./pages/home-page";
import { SharePage } from "./pages/share-page";
import { signedInState } from "./session";

export const image = fixturePath;

interface ConsoleWatch {
  errors: string[];
  /** Expected errors (e.g. the 404 of a revoked link's page) matching `pattern` are not failures. */
  allow(pattern: RegExp): void;
}

function watch(page: Page, sink: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") sink.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => sink.push(`${page.url()}: uncaught ${error.message}`));
}

export const test = base.extend<
  {
    consoleWatch: ConsoleWatch;
    memberContext: BrowserContext;
    member: Page;
    home: HomePage;
    conversation: ConversationPage;
    anonymous: Page;
    sharePage: SharePage;
  },
  { memberState: string }
>({
  memberState: [
    async ({}, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      if (!baseURL) throw new Error("The ui project needs a baseURL.");
      await use(await signedInState(baseURL, workerInfo.project.outputDir));
    },
    { scope: "worker" },
  ],
  consoleWatch: [
    async ({}, use) => {
      const allowed: RegExp[] = [];
      const watchState: ConsoleWatch = { errors: [], allow: (p) => allowed.push(p) };
      await use(watchState);
      const unexpected = watchState.errors.filter((e) => !allowed.some((p) => p.test(e)));
      expect(unexpected, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
  memberContext: async ({ browser, memberState }, use) => {
    const context = await browser.newContext({ storageState: memberState });
    await use(context);
    await context.close();
  },
  member: async ({ memberContext, consoleWatch }, use) => {
    const page = await memberContext.newPage();
    watch(page, consoleWatch.errors);
    await use(page);
  },
  home: async ({ member }, use) => use(new HomePage(member)),
  conversation: async ({ member }, use) => use(new ConversationPage(member)),
  anonymous: async ({ browser, consoleWatch }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    watch(page, consoleWatch.errors);
    await use(page);
    await context.close();
  },
  sharePage: async ({ anonymous }, use) => use(new SharePage(anonymous)),
});

export { expect };
