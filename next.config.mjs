// Validate the configuration before anything else: a bad setting stops `next build`, `next dev`
// and `next start` with one sentence naming the variable (lib/env.ts).
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url);
const { parseEnv, ConfigError } = await jiti.import("./lib/env.ts");
try {
  parseEnv();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`\nLoupe cannot start: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only packages (WebAssembly, native binaries, sockets) are loaded from node_modules as is.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "sharp",
    "@jupyterlab/services",
    "ws",
  ],
  typedRoutes: false,
  // Every answer is read as the type it says it is (JSON, images, event streams too); pages get
  // their Content-Security-Policy and the rest from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
};

export default nextConfig;
