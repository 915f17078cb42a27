// Run the fake jupyter_sandbox as a process for e2e runs:
//   npx tsx e2e/mocks/jupyter-sandbox/main.ts [port]     (then SANDBOX_KIND=jupyter_sandbox SANDBOX_URL=…)
import { startFakeJupyterSandbox } from "./server";

const fake = await startFakeJupyterSandbox(Number(process.argv[2] ?? 0));
process.stdout.write(`fake jupyter_sandbox listening on ${fake.url}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
