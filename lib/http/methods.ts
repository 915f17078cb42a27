// A JSON 405 for the methods an API route does not take, with the Allow header (Next.js answers
// those with an empty 405), and OPTIONS naming the methods it does take (Next.js would list every
// exported one). A route file exports them next to its own handlers:
//   export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
import "server-only";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./respond";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (request: Request) => Promise<Response>;

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
