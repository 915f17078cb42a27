import { Callout } from "@/components/ui/callout";

export function AdminOnly() {
  return <Callout tone="warning">Only the workspace&apos;s admins and owner can see this page.</Callout>;
}
