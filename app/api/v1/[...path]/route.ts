import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

// Any /api/v1 path no route answers: a JSON error like every other API error, not the app's HTML
// 404 page. (A known path with a method it does not take is answered 405 by Next.js.)
const notFound = handler((request: Request) => {
  const { pathname } = new URL(request.url);
  return Promise.reject(
    new AppError(
      "not_found:route",
      `There is no API route ${request.method} ${pathname}. The routes are listed in docs/api.md.`,
    ),
  );
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
