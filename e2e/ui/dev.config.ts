// Run the UI specs against a dev server of your own instead of the built one Playwright starts:
//   E2E_BASE_URL=http://localhost:3290 E2E_API_KEY=<key> npx playwright test -c e2e/ui/dev.config.ts --project=ui
// (use `localhost`, not 127.0.0.1: `next dev` refuses its HMR socket to other origins, which
// would show up as console errors).
import base from "../../playwright.config";

const config = {
  ...base,
  testDir: "..",
  outputDir: "../../test-results",
  use: { ...base.use, baseURL: process.env.E2E_BASE_URL ?? "http://localhost:3000" },
  webServer: undefined,
  reporter: [["line"]],
};

export default config;
