// Run the search fakes until interrupted and print the env lines to point Loupe at them.
// Usage: npx tsx e2e/mocks/search/serve.ts

import { startSearchFakes } from "./index";

const fakes = await startSearchFakes();
for (const [k, v] of Object.entries(fakes.env)) console.log(`${k}=${v}`);
console.log("# Put fault:<name> in a query (e.g. fault:rate_limited) to trigger a fault. Ctrl-C to stop.");
const stop = () => void fakes.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
