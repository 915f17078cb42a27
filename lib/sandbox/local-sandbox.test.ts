// The real local sandbox (Jupyter Server + bubblewrap kernels): images, provenance, faithful
// mode, output capture. One server for the whole file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EncodedImage } from "@/lib/agent/ports";
import type { ManagedSandbox } from "./index";
import { createTestSandbox, quadrantImage } from "./test-support";

let sandbox: ManagedSandbox;
let image: EncodedImage;

beforeAll(async () => {
  sandbox = await createTestSandbox();
  image = await quadrantImage();
  await sandbox.prepare({ sessionId: "main", images: [image] });
});

afterAll(async () => {
  await sandbox?.close();
});

const run = (code: string, sessionId = "main") => sandbox.execute({ sessionId, code });

describe("local sandbox", () => {
  it("defines image_1 with exactly the given pixels, and plt, Image, np", async () => {
    const r = await run(
      "print(image_1.size, image_1.getpixel((10, 10)), image_1.getpixel((300, 200)))\nprint(plt.__name__, Image.__name__, np.__name__)",
    );
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("(320, 240) (255, 255, 64) (0, 0, 64)\nmatplotlib.pyplot PIL.Image numpy\n");
  });

  it("adds follow-up images as the next image_i without resending earlier ones", async () => {
    const second = await quadrantImage();
    const prep = await sandbox.prepare({ sessionId: "main", images: [image, second] });
    expect(prep.notice).toBeUndefined();
    const r = await run("print(image_2.size, image_1 is not image_2)");
    expect(r.stdout).toBe("(320, 240) True\n");
  });

  it("captures a crop-and-show figure as PNG with the crop's box in image_1 coordinates", async () => {
    const r = await run("c = image_1.crop((10, 20, 110, 220))\nplt.imshow(c)\nplt.axis('off')\nplt.show()");
    expect(r.status).toBe("ok");
    expect(r.images).toHaveLength(1);
    expect(r.images[0]!.mediaType).toBe("image/png");
    expect(r.images[0]!.provenance).toEqual([{ source: 1, box: [10, 20, 110, 220], ops: ["crop"] }]);
    expect(r.crops).toEqual([{ source: 1, box: [10, 20, 110, 220], ops: ["crop"] }]);
  });

  it("tracks chains of crop, resize, transpose, rotate and thumbnail", async () => {
    const r = await run(
      [
        "a = image_1.crop((100, 40, 300, 240)).resize((100, 100))",
        "b = a.crop((50, 50, 100, 100))", // lower-right quarter of a → (200,140)-(300,240)
        "t = image_1.crop((0, 0, 160, 120)).transpose(Image.Transpose.FLIP_LEFT_RIGHT).crop((0, 0, 80, 120))",
        "r = image_1.crop((0, 0, 100, 50)).rotate(90, expand=True)",
        "h = image_1.crop((0, 0, 200, 100))",
        "h.thumbnail((100, 100))",
        "k = h.crop((0, 0, 50, 50))",
        "display(b)",
        "display(t)",
        "display(r)",
        "display(k)",
      ].join("\n"),
    );
    expect(r.status).toBe("ok");
    expect(r.images.map((i) => i.provenance)).toEqual([
      [{ source: 1, box: [200, 140, 300, 240], ops: ["crop", "resize", "crop"] }],
      [{ source: 1, box: [80, 0, 160, 120], ops: ["crop", "transpose", "crop"] }],
      [{ source: 1, box: [0, 0, 100, 50], ops: ["crop", "rotate"] }],
      // thumbnail halves h to 100×50, so its 50×50 crop covers 100×100 of image_1
      [{ source: 1, box: [0, 0, 100, 100], ops: ["crop", "thumbnail", "crop"] }],
    ]);
    expect(r.crops.map((c) => c.box)).toEqual([
      [100, 40, 300, 240],
      [200, 140, 300, 240],
      [0, 0, 160, 120],
      [80, 0, 160, 120],
      [0, 0, 100, 50],
      [0, 0, 200, 100],
      [0, 0, 100, 100],
    ]);
  });

  it("takes display() and image-valued last expressions as images, and the last expression's text as result", async () => {
    const img = await run("image_1.crop((0, 0, 40, 30))");
    expect(img.images).toHaveLength(1);
    expect([img.images[0]!.width, img.images[0]!.height]).toEqual([40, 30]);
    const text = await run("1 + 1");
    expect(text.result).toBe("2");
    expect(text.stdout).toBe("");
  });

  it("drops HTML and JavaScript outputs, keeping only their text/plain", async () => {
    const r = await run(
      "from IPython.display import HTML, Javascript, display\ndisplay(HTML('<b>x</b>'))\ndisplay(Javascript('alert(1)'))",
    );
    expect(r.images).toHaveLength(0);
    expect(r.stdout).toBe("<IPython.core.display.HTML object>\n<IPython.core.display.Javascript object>\n");
  });

  it("applies faithful mode: the reference indentation fix, quirks included", async () => {
    const r = await run("for i in range(3):\n    x = i\nprint(x)");
    expect(r.stdout).toBe("0\n1\n2\n");
  });

  it("strips ANSI codes from tracebacks in stderr and keeps state across cells", async () => {
    const err = await run("undefined_name");
    expect(err.status).toBe("error");
    expect(err.stderr).toContain("NameError: name 'undefined_name' is not defined");
    expect(err.stderr).not.toContain("\u001b[");
    await run("kept = 41");
    expect((await run("print(kept + 1)")).stdout).toBe("42\n");
  });

  it("gives each conversation its own kernel", async () => {
    await run("only_here = 1", "other");
    const r = await run("print('only_here' in dir())");
    expect(r.stdout).toBe("False\n");
  });

  it("reports health", async () => {
    expect((await sandbox.health()).status).toBe("ok");
  });
});
