// Shared by the sandbox's integration tests: the real local sandbox, or a loud failure saying
// which Debian packages to install. Never a skip: CI installs them.
import sharp from "sharp";
import type { EncodedImage } from "@/lib/agent/ports";
import { checkLocalPrerequisites } from "./check";
import { createSandbox, type ManagedSandbox, type SandboxConfig } from "./index";

/** Short limits so bad-input tests finish quickly; memory leaves room for numpy + matplotlib. */
export const TEST_LIMITS: Partial<SandboxConfig> = {
  cellTimeoutMs: 5_000,
  interruptGraceMs: 2_000,
  memoryBytes: 1536 * 1024 ** 2,
  tmpBytes: 64 * 1024 ** 2,
  maxProcesses: 32,
  streamCapChars: 10_000,
  maxImagesPerCell: 20,
  poolSize: 1,
};

export async function createTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<ManagedSandbox> {
  const check = await checkLocalPrerequisites({ python: "/usr/bin/python3" });
  if (check.status !== "ok") {
    throw new Error(`The local sandbox cannot run here: ${check.reason}${check.fix ? `\nFix: ${check.fix}` : ""}`);
  }
  return createSandbox({ ...TEST_LIMITS, ...overrides });
}

/** A 320×240 PNG with a distinct colour per quadrant, so crops are recognisable by colour. */
export async function quadrantImage(): Promise<EncodedImage> {
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = x < width / 2 ? 255 : 0;
      pixels[i + 1] = y < height / 2 ? 255 : 0;
      pixels[i + 2] = 64;
    }
  }
  const data = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return { data: new Uint8Array(data), mediaType: "image/png", width, height };
}
