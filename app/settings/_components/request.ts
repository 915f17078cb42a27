// Calls from the settings pages to /api/workspaces/*: JSON in, the server's sentence out on failure.
export async function request(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ ok: true; data: Record<string, unknown> | null } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: "Loupe could not be reached. Check your connection and try again." };
  }
  const data = (await response.json().catch(() => null)) as
    (Record<string, unknown> & { error?: { message?: string }; message?: string }) | null;
  if (response.ok) return { ok: true, data };
  return { ok: false, message: data?.error?.message ?? data?.message ?? `The server answered ${response.status}.` };
}
