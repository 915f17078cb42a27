import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/methods";
import { handler } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Any /api/v1 path no route answers: a JSON error like every other API error, not the app's HTML
// 404 page, for every method. (A known path with a method it does not take is answered 405 by its
// own route: lib/http/methods.ts.)
const notFound = handler((request: Request) => {
  const { pathname } = new URL(request.url);
  return Promise.reject(
    new AppError(
      "not_found:route",
      `There is no API route ${request.method} ${pathname}. The routes are listed in docs/api.md.`,
    ),
  );
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: notFound,
  POST: notFound,
  PUT: notFound,
  PATCH: notFound,
  DELETE: notFound,
});
