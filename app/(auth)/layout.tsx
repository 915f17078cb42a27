import Link from "next/link";
import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="flex min-h-dvh items-start justify-center px-4 pt-[12vh]">
      <div className="w-full max-w-sm">
        <Link href="/" className="mb-8 inline-block rounded-md" aria-label="Loupe">
          <Logo />
        </Link>
        {children}
      </div>
    </main>
  );
}
