import { ExternalLink as ExternalIcon } from "lucide-react";
import { safeHref } from "@/lib/client/safe-url";
import { cn } from "@/lib/ui/cn";

/** A link from search results: opened in a new tab without referrer; non-http(s) URLs render as text. */
export function ExternalLink({
  href,
  className,
  children,
  icon = false,
}: {
  href: string;
  className?: string;
  children: React.ReactNode;
  icon?: boolean;
}) {
  const safe = safeHref(href);
  if (!safe) return <span className={className}>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" className={cn("hover:underline", className)}>
      {children}
      {icon ? <ExternalIcon className="ml-1 inline size-3 align-baseline opacity-60" aria-hidden /> : null}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
