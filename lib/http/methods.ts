// The methods of an API route: every route file exports all of them through route(), so a method it
// does not take is a JSON 405 with the Allow header (Next.js answers those with an empty 405), and
// OPTIONS names the methods it does take (Next.js would list every exported one). A route file:
//   const onGet = handler(async (request: Request) => …);
//   export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({ GET: onGet });
// app/api/workspaces/route-matrix.test.ts fails for a route file under app/api that does not.
import "server-only";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./respond";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
type Handler = (request: Request) => Promise<Response>;

/** The refusals for the methods a route does not take, and its OPTIONS (the Allow header). */
export function otherMethods(...allowed: Method[]): Record<Method | "OPTIONS", Handler> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const refuse: Handler = (request) => {
    const response = errorResponse(
      new AppError(
        "method_not_allowed:route",
        `${new URL(request.url).pathname} does not take ${request.method}; it takes ${allowed.join(" and ")}.`,
      ),
    );
    response.headers.set("allow", allow);
    return Promise.resolve(response);
  };
  const options: Handler = () => Promise.resolve(new Response(null, { status: 204, headers: { allow } }));
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}

type Handlers = Partial<Record<Method, (request: Request, context: never) => Promise<Response>>>;
type Methods<H extends Handlers> = { [M in Method]: M extends keyof H ? NonNullable<H[M]> : Handler } & {
  OPTIONS: Handler;
};

/** Every method of a route: its own handlers, and for the others the JSON 405 (HEAD follows GET). */
export function route<H extends Handlers>(handlers: H): Methods<H> {
  const allowed = METHODS.filter((method) => handlers[method] !== undefined);
  const methods: Record<string, unknown> = otherMethods(...allowed);
  for (const method of allowed) methods[method] = handlers[method];
  return methods as Methods<H>;
}
