// What an API key may be allowed to do. Pure, so pages in the browser can list the scopes too.
export const API_KEY_SCOPES = ["conversations:read", "conversations:write", "runs:read", "runs:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
