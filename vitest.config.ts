import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests live next to the code they test (`*.test.ts`).
// `server-only` throws outside a React Server bundle; in tests it is a no-op.
export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./scripts/empty-module.mjs", import.meta.url)),
    },
  },
  test: {
    include: ["{lib,app,components,scripts,e2e/mocks}/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
