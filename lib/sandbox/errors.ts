// The sandbox's errors reach the agent loop as the port's PortError, with a sentence for the user.
import { PortError } from "@/lib/agent/ports";

export class SandboxError extends PortError {
  constructor(code: "sandbox_unavailable", message: string) {
    super(code, message);
    this.name = "SandboxError";
  }
}
