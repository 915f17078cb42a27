// Stamps every incoming HTTP request with its socket's peer address (PEER_ADDRESS_HEADER), which
// Next.js route handlers cannot otherwise see: Next only copies it into X-Forwarded-For when the
// client sent none, so a client that sends one hides it. The stamp overwrites whatever the client
// sent under that name. Installed once per process from instrumentation.ts, before Next.js handles
// a request; lib/http/client-address reads it.
import http from "node:http";
import https from "node:https";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-address";

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

const g = globalThis as typeof globalThis & { __loupePeerAddresses?: boolean };

function stamp(request: http.IncomingMessage): void {
  const address = request.socket?.remoteAddress;
  if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  else delete request.headers[PEER_ADDRESS_HEADER];
}

export function stampPeerAddresses(): void {
  if (g.__loupePeerAddresses) return;
  g.__loupePeerAddresses = true;
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    const emit = Reflect.get(proto, "emit") as Emit;
    const stamped: Emit = function (event, ...args) {
      if (event === "request" || event === "checkContinue" || event === "checkExpectation")
        stamp(args[0] as http.IncomingMessage);
      return emit.call(this, event, ...args);
    };
    Reflect.set(proto, "emit", stamped);
  }
}
