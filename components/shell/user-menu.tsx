"use client";

import { LogOut, Settings } from "lucide-react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export interface UserMenuViewer {
  name: string;
  email: string;
  workspace: { name: string };
  role: string;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("") || "?";

export function UserMenu({ viewer }: { viewer: UserMenuViewer }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu"
        aria-label={`Account menu for ${viewer.name}`}
        className="bg-accent text-primary hover:ring-primary/30 flex size-8 items-center justify-center rounded-full text-xs font-semibold hover:ring-2"
      >
        {initials(viewer.name)}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>
          <span className="block truncate font-medium">{viewer.name}</span>
          <span className="text-muted-foreground block truncate text-xs">{viewer.email}</span>
          <span className="text-muted-foreground block truncate text-xs">
            {viewer.workspace.name} · {viewer.role}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings" data-testid="settings-link">
            <Settings aria-hidden /> Settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem
          data-testid="sign-out"
          onSelect={() => {
            // better-auth's sign-out clears the session cookie; a full navigation drops cached data.
            void fetch("/api/auth/sign-out", { method: "POST", credentials: "same-origin" }).finally(() => {
              window.location.assign(new URL("/sign-in", window.location.origin));
            });
          }}
        >
          <LogOut aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
