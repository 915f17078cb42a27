import { describe, expect, it } from "vitest";
import { MAX_IMAGES_PER_TURN, MAX_UPLOAD_BYTES } from "@/lib/runs/limits";
import { acceptFiles } from "./upload";

const png = (name: string, size = 10) => ({ name, type: "image/png", size });

describe("acceptFiles", () => {
  it("accepts images within the limits", () => {
    expect(acceptFiles(0, [png("a.png"), { name: "b.jpg", type: "image/jpeg", size: 5 }]).accepted).toHaveLength(2);
  });

  it("explains what it refuses", () => {
    const { accepted, problems } = acceptFiles(0, [
      { name: "notes.pdf", type: "application/pdf", size: 1 },
      png("huge.png", MAX_UPLOAD_BYTES + 1),
      png("ok.png"),
    ]);
    expect(accepted.map((f) => f.name)).toEqual(["ok.png"]);
    expect(problems[0]).toContain("notes.pdf is not an image");
    expect(problems[1]).toContain("huge.png is larger than 25 MB");
  });

  it("stops at the per-question image count", () => {
    const { accepted, problems } = acceptFiles(MAX_IMAGES_PER_TURN - 1, [png("a.png"), png("b.png")]);
    expect(accepted).toHaveLength(1);
    expect(problems).toEqual([`At most ${MAX_IMAGES_PER_TURN} images can go with one question.`]);
  });
});
