// What a provider adapter is: how to build its HTTP request and how to read its documented JSON.
// No I/O here; `lib/search/provider-http.ts` sends the request and maps HTTP failures.

export type TextProviderId = "searxng" | "serper" | "serpapi" | "brave" | "tavily";
export type ImageProviderId = "serpapi" | "serper";

export interface ProviderRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

/** A text hit as the provider sent it, before sanitising. */
export interface RawTextHit {
  title: unknown;
  link: unknown;
  snippet?: unknown;
  date?: unknown;
}

/** An image (Lens) hit as the provider sent it, before sanitising. */
export interface RawImageHit {
  title: unknown;
  link: unknown;
  thumbnailUrl?: unknown;
}

export interface ProviderCredentials {
  /** Base URL without a trailing slash (the documented one, or an override such as a local fake). */
  baseUrl: string;
  apiKey: string;
}

interface ProviderCommon {
  /** Human name for sentences: "SerpAPI". */
  label: string;
  /** The setting that holds its key or URL, for error sentences: "SERPAPI_API_KEY". */
  setting: string;
  defaultBaseUrl: string;
  /** Extract the provider's own error text from an error body, if it has one. */
  errorMessage?(body: unknown): string | undefined;
  /** True when a non-401/403 answer still means a bad key (Brave: 422 SUBSCRIPTION_TOKEN_INVALID). */
  isAuthError?(status: number, body: unknown): boolean;
  /** What to tell the operator after a refusal; default "Check <setting>." */
  authAdvice?: string;
}

export interface TextProviderSpec extends ProviderCommon {
  id: TextProviderId;
  request(query: string, count: number, creds: ProviderCredentials): ProviderRequest;
  /** Read hits from a 2xx body; throw `ShapeError` when the body is not the documented shape. */
  parse(body: unknown): RawTextHit[];
}

export interface ImageProviderSpec extends ProviderCommon {
  id: ImageProviderId;
  request(imageUrl: string, creds: ProviderCredentials): ProviderRequest;
  parse(body: unknown): RawImageHit[];
}

/** The body parsed as JSON but is not what the provider documents. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `body[key]` as an array of records; missing means "no results"; anything else is a shape error. */
export function listOf(body: unknown, key: string, what: string): Record<string, unknown>[] {
  if (!isRecord(body)) throw new ShapeError(`${what}: the response is not a JSON object`);
  const v = body[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ShapeError(`${what}: "${key}" is not a list`);
  return v.filter(isRecord);
}
