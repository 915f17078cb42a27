// Golden tests for faithful mode: DeepEyesV2's fix_python_indentation + autopep8 (PROTOCOL §2.4),
// run by the real Python shim (the same module the kernels import). Quirks are pinned on purpose.
import { describe, expect, it } from "vitest";
import { fixPythonIndentation } from "./faithful-shim";

const GOLDEN: [name: string, input: string, output: string][] = [
  // §2.4: the print after a loop moves into the loop.
  ["loop then print", "for i in range(3):\n    x = i\nprint(x)", "for i in range(3):\n    x = i\n    print(x)\n"],
  // §2.4: everything after a def ends up inside it, so nothing prints.
  [
    "def swallows the rest",
    "def f(x):\n    return x*2\ny = f(3)\nprint(y)",
    "def f(x):\n    return x*2\n    y = f(3)\n    print(y)\n",
  ],
  // §2.4: multi-line strings lose their indentation.
  ["multi-line string", "s = '''a\n    indented\n'''\nprint(s)", "s = '''a\nindented\n'''\nprint(s)\n"],
  // §2.4: a comment ending in ':' indents what follows; here autopep8 then repairs the indent.
  [
    "comment ending in a colon",
    "# crop the sign:\nc = image_1.crop((0, 0, 10, 10))\nprint(c.size)",
    "# crop the sign:\nc = image_1.crop((0, 0, 10, 10))\nprint(c.size)\n",
  ],
  [
    "except/else/finally dedent once",
    "try:\n    x = 1\nexcept Exception:\n    x = 2\nelse:\n    x = 3\nfinally:\n    print(x)\nprint('after')",
    "try:\n    x = 1\nexcept Exception:\n    x = 2\nelse:\n    x = 3\nfinally:\n    print(x)\n    print('after')\n",
  ],
  [
    "nested blocks never dedent",
    "if a:\n    if b:\n        y = 1\n    z = 2\nprint(z)",
    "if a:\n    if b:\n        y = 1\n        z = 2\n        print(z)\n",
  ],
  [
    "elif chain keeps the tail in else",
    "if a:\n    r = 1\nelif b:\n    r = 2\nelse:\n    r = 3\nprint(r)",
    "if a:\n    r = 1\nelif b:\n    r = 2\nelse:\n    r = 3\n    print(r)\n",
  ],
  ["blank lines dropped, spacing fixed", "\n\nx=1\n\n\ny  =  x+1\nprint( y )\n", "x = 1\ny = x+1\nprint(y)\n"],
  ["aggressive fixes (E711)", "if x == None:\n  print('none')", "if x is None:\n    print('none')\n"],
  ["whitespace-only code", "   \n\n", ""],
  [
    "flat crop cell unchanged but for the final newline",
    "c = image_1.crop((10, 20, 110, 220))\nplt.imshow(c)\nplt.axis('off')\nplt.show()",
    "c = image_1.crop((10, 20, 110, 220))\nplt.imshow(c)\nplt.axis('off')\nplt.show()\n",
  ],
];

describe("faithful mode (fix_python_indentation + autopep8)", () => {
  it.each(GOLDEN)("%s", async (_name, input, output) => {
    expect(await fixPythonIndentation(input)).toBe(output);
  });
});
