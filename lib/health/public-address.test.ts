import { describe, expect, it } from "vitest";
import { checkPublicAddress } from "./public-address";

describe("checkPublicAddress (doctor)", () => {
  it("warns, naming both settings, when neither PUBLIC_BASE_URL nor LOUPE_ALLOWED_HOSTS is set", () => {
    const withMail = checkPublicAddress({ LOUPE_ALLOWED_HOSTS: [], SMTP_URL: "smtp://mail:25" });
    expect(withMail.status).toBe("not_configured");
    expect(withMail.warnings?.join(" ")).toMatch(/will not be emailed.*PUBLIC_BASE_URL.*LOUPE_ALLOWED_HOSTS/);
    expect(checkPublicAddress({ LOUPE_ALLOWED_HOSTS: [] }).warnings?.join(" ")).toMatch(/PUBLIC_BASE_URL/);
  });

  it("says where links point when either is set", () => {
    expect(checkPublicAddress({ PUBLIC_BASE_URL: "https://loupe.example.com", LOUPE_ALLOWED_HOSTS: [] })).toMatchObject(
      {
        status: "ok",
        reason: expect.stringContaining("https://loupe.example.com") as unknown,
      },
    );
    expect(checkPublicAddress({ LOUPE_ALLOWED_HOSTS: ["loupe.lan"] }).reason).toContain("loupe.lan");
  });
});
