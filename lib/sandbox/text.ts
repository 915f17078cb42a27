// Text hygiene for kernel output: what the model and the trace see.

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links), as IPython emits them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Keep the first `cap` characters and say plainly how much was cut. */
export function capText(text: string, cap: number, totalChars = text.length): string {
  if (totalChars <= cap) return text;
  return `${text.slice(0, cap)}\n[output truncated: showing the first ${cap} of ${totalChars} characters]\n`;
}

/** Collects a stream up to a cap without holding more than the cap in memory. */
export class CappedBuffer {
  private text = "";
  private total = 0;

  constructor(private readonly cap: number) {}

  push(chunk: string): void {
    this.total += chunk.length;
    if (this.text.length < this.cap) this.text += chunk.slice(0, this.cap - this.text.length);
  }

  /** The kernel caps too; `reportedTotal` lets it say how much it really produced. */
  value(reportedTotal?: number): string {
    return capText(this.text, this.cap, Math.max(this.total, reportedTotal ?? 0));
  }
}
