import { Link2Off } from "lucide-react";
import Link from "next/link";
import { Logo } from "@/components/shell/logo";

export default function ShareNotFound() {
  return (
    <main
      id="main"
      className="flex min-h-dvh flex-col items-center justify-center px-6 text-center"
      data-testid="share-not-found"
    >
      <Logo className="mb-10" />
      <Link2Off className="text-muted-foreground size-8" aria-hidden />
      <h1 className="mt-4 text-xl font-semibold tracking-tight">This link does not work</h1>
      <p className="text-muted-foreground mt-2 max-w-sm text-sm">
        It may have been revoked or have expired, or it was copied incompletely. Ask the person who shared it for a new
        link.
      </p>
      <Link href="/" className="text-primary mt-6 text-sm underline-offset-4 hover:underline">
        Go to Loupe
      </Link>
    </main>
  );
}
