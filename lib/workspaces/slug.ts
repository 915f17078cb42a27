// Workspace slugs: lowercase letters, digits and single hyphens, 2–40 characters. Pure.

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** A slug made from a name ("Vision Lab!" → "vision-lab"); "workspace" when nothing usable is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : "workspace";
}

/** `base` with a short suffix, for when the plain slug is taken. */
export function withSuffix(base: string, suffix: string): string {
  return `${base.slice(0, 39 - suffix.length)}-${suffix}`;
}
