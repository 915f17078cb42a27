import { createSandbox } from "@/lib/sandbox";
import sharp from "sharp";
const sb = createSandbox({ poolSize: 0, faithful: process.env.F !== "0" });
const data = await sharp("../shared/fixtures/images/chelsea.png").png().toBuffer();
await sb.prepare({ sessionId: "a", images: [{ data, mediaType: "image/png", width: 451, height: 300 }] });
const code = process.argv[2]!;
for (let i = 0; i < 8; i++) {
  const t = performance.now();
  const r = await sb.execute({ sessionId: "a", code });
  console.log((performance.now() - t).toFixed(1), r.durationMs, r.stdout.trim().slice(0, 300), r.stderr.slice(-300));
}
await sb.close();
