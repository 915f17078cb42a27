// One fetch for the account forms: JSON in, and on failure the server's own sentence out
// (better-auth answers `{ message }`, Loupe's routes `{ error: { message } }`).
export async function send(
  url: string,
  body: unknown,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ ok: true; data: unknown } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", ...init.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: "Loupe could not be reached. Check your connection and try again." };
  }
  const data = (await response.json().catch(() => null)) as {
    message?: string;
    error?: { message?: string } | string;
  } | null;
  if (response.ok) return { ok: true, data };
  if (response.status === 429) return { ok: false, message: "Too many attempts. Wait a minute, then try again." };
  const message =
    (typeof data?.error === "object" ? data.error.message : undefined) ??
    data?.message ??
    (typeof data?.error === "string" ? data.error : undefined);
  return { ok: false, message: message ?? `The server answered ${response.status}. Try again.` };
}
