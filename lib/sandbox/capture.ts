// Turns a cell's IOPub messages into a CellResult: which outputs are kept and how they are capped.
// Pure: fed plain message objects, so the capture rules are unit-tested without a kernel.
import type { CellImage, CropProvenance } from "@/lib/agent/ports";
import { imageSize } from "./image-size";
import { CappedBuffer, stripAnsi } from "./text";

/** Published by the kernel bootstrap after each cell (lib/sandbox/python/loupe_kernel.py). */
export const REPORT_MIME = "application/vnd.loupe.cell+json";

export interface IOPubMessage {
  header: { msg_type: string };
  /** display_data metadata (provenance) lives in `content.metadata`. */
  content: Record<string, unknown>;
}

export interface CaptureLimits {
  streamCapChars: number;
  maxImagesPerCell: number;
  maxImageBytes: number;
}

export class CellCapture {
  private readonly stdout: CappedBuffer;
  private readonly stderr: CappedBuffer;
  private readonly notes: string[] = [];
  readonly images: CellImage[] = [];
  crops: CropProvenance[] = [];
  result?: string;
  private droppedImages = 0;
  private reported: { stdout?: number; stderr?: number } = {};

  constructor(private readonly limits: CaptureLimits) {
    this.stdout = new CappedBuffer(limits.streamCapChars);
    this.stderr = new CappedBuffer(limits.streamCapChars);
  }

  add(msg: IOPubMessage): void {
    const { content } = msg;
    switch (msg.header.msg_type) {
      case "stream":
        (content.name === "stderr" ? this.stderr : this.stdout).push(
          stripAnsi(typeof content.text === "string" ? content.text : ""),
        );
        return;
      case "error": {
        const traceback = Array.isArray(content.traceback) ? content.traceback.map(String).join("\n") : "";
        this.stderr.push(stripAnsi(traceback || `${String(content.ename)}: ${String(content.evalue)}`) + "\n");
        return;
      }
      case "display_data":
      case "execute_result":
        this.addBundle(msg.header.msg_type, asRecord(content.data), asRecord(content.metadata));
        return;
      default:
        return; // status, execute_input, clear_output, comms: nothing for the model
    }
  }

  /** A sentence the sandbox adds to stderr (timeouts, crashes), after the kernel's own output. */
  note(text: string): void {
    this.notes.push(text);
  }

  finish(): { stdout: string; stderr: string; images: CellImage[]; crops: CropProvenance[]; result?: string } {
    if (this.droppedImages > 0) {
      this.notes.unshift(
        `[${this.droppedImages} more image(s) were not kept: at most ${this.limits.maxImagesPerCell} per cell]`,
      );
    }
    const stderr = this.stderr.value(this.reported.stderr);
    const notes = this.notes.map((n) => `${n}\n`).join("");
    return {
      stdout: this.stdout.value(this.reported.stdout),
      stderr: stderr && notes && !stderr.endsWith("\n") ? `${stderr}\n${notes}` : stderr + notes,
      images: this.images,
      crops: this.crops,
      ...(this.result !== undefined ? { result: this.result } : {}),
    };
  }

  private addBundle(kind: string, data: Record<string, unknown>, metadata: Record<string, unknown>): void {
    if (typeof data[REPORT_MIME] === "string") return this.addReport(data[REPORT_MIME]);
    const png = data["image/png"];
    const jpeg = data["image/jpeg"];
    if (typeof png === "string" || typeof jpeg === "string") {
      const mediaType = typeof png === "string" ? "image/png" : "image/jpeg";
      return this.addImage(String(png ?? jpeg), mediaType, metadata);
    }
    // Only text/plain is taken besides images: HTML, JavaScript, widgets etc. are dropped.
    const text = data["text/plain"];
    if (typeof text !== "string") return;
    if (kind === "execute_result") this.result = stripAnsi(text);
    else this.stdout.push(stripAnsi(text) + "\n");
  }

  private addImage(base64: string, mediaType: "image/png" | "image/jpeg", metadata: Record<string, unknown>): void {
    if (this.images.length >= this.limits.maxImagesPerCell) {
      this.droppedImages += 1;
      return;
    }
    const bytes = Buffer.from(base64, "base64");
    if (bytes.length > this.limits.maxImageBytes) {
      this.notes.push(
        `[an image of ${bytes.length} bytes was not kept: the limit is ${this.limits.maxImageBytes} bytes]`,
      );
      return;
    }
    const size = imageSize(bytes);
    if (!size) {
      this.notes.push(`[an output image could not be read as ${mediaType} and was not kept]`);
      return;
    }
    // plt.show() puts it at the top level; IPython's formatters nest it under the mime type.
    const loupe = asRecord(metadata.loupe ?? asRecord(metadata[mediaType]).loupe);
    const provenance = parseProvenance(loupe.provenance);
    this.images.push({ data: new Uint8Array(bytes), mediaType, ...size, ...(provenance.length ? { provenance } : {}) });
  }

  private addReport(json: string): void {
    const report = asRecord(safeJson(json));
    this.crops = parseProvenance(report.crops);
    if (typeof report.stdout_chars === "number") this.reported.stdout = report.stdout_chars;
    if (typeof report.stderr_chars === "number") this.reported.stderr = report.stderr_chars;
  }
}

/** Provenance comes from code the model controls: keep only well-formed entries. */
export function parseProvenance(value: unknown): CropProvenance[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): CropProvenance[] => {
    const e = asRecord(entry);
    const box = e.box;
    if (
      !Number.isInteger(e.source) ||
      (e.source as number) < 1 ||
      !Array.isArray(box) ||
      box.length !== 4 ||
      !box.every((n) => typeof n === "number" && Number.isFinite(n))
    ) {
      return [];
    }
    const ops = Array.isArray(e.ops) ? e.ops.filter((op): op is string => typeof op === "string") : [];
    return [{ source: e.source as number, box: box as [number, number, number, number], ops }];
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // a malformed report only loses trace metadata
  }
}
