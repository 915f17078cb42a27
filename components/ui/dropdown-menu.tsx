"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { cn } from "@/lib/ui/cn";

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export function DropdownMenuContent({
  className,
  sideOffset = 6,
  ...props
}: React.ComponentProps<typeof Menu.Content>) {
  return (
    <Menu.Portal>
      <Menu.Content
        data-slot="dropdown-menu-content"
        sideOffset={sideOffset}
        className={cn(
          "bg-background border-border z-50 min-w-48 rounded-lg border p-1 text-sm shadow-lg outline-none",
          className,
        )}
        {...props}
      />
    </Menu.Portal>
  );
}

export function DropdownMenuItem({ className, ...props }: React.ComponentProps<typeof Menu.Item>) {
  return (
    <Menu.Item
      data-slot="dropdown-menu-item"
      className={cn(
        "data-[highlighted]:bg-muted flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 outline-none select-none [&_svg]:size-4",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuLabel({ className, ...props }: React.ComponentProps<typeof Menu.Label>) {
  return <Menu.Label data-slot="dropdown-menu-label" className={cn("px-2 py-1.5", className)} {...props} />;
}

export function DropdownMenuSeparator({ className, ...props }: React.ComponentProps<typeof Menu.Separator>) {
  return (
    <Menu.Separator data-slot="dropdown-menu-separator" className={cn("bg-border my-1 h-px", className)} {...props} />
  );
}
