// json.loads with CPython's error messages (3.10–3.12 wording), because the model is shown them
// verbatim: `Error: Invalid tool call format: {raw}. Error: {message}` (PROTOCOL §2.5).
// Positions are counted in code points, as Python counts string indices.

export class PyJsonError extends Error {
  constructor(msg: string, doc: string, pos: number) {
    const before = Array.from(doc.slice(0, pos));
    const cp = before.length;
    const lastNl = before.lastIndexOf("\n");
    const line = before.filter((c) => c === "\n").length + 1;
    const col = lastNl === -1 ? cp + 1 : cp - lastNl;
    super(`${msg}: line ${line} column ${col} (char ${cp})`);
    this.name = "PyJsonError";
  }
}

const WS = /[ \t\n\r]*/y;
const NUMBER = /(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?/y;
const STR_CHUNK = /[^"\\\x00-\x1f]*/y;

export function pyJsonLoads(doc: string): unknown {
  const p = new Parser(doc);
  const value = p.value(p.ws(0));
  const end = p.ws(value.end);
  if (end !== doc.length) throw new PyJsonError("Extra data", doc, end);
  return value.value;
}

class Parser {
  constructor(private readonly s: string) {}

  ws(i: number): number {
    WS.lastIndex = i;
    WS.exec(this.s);
    return WS.lastIndex;
  }

  fail(msg: string, i: number): never {
    throw new PyJsonError(msg, this.s, i);
  }

  value(i: number): { value: unknown; end: number } {
    const s = this.s;
    const c = s[i];
    if (c === '"') return this.string(i + 1);
    if (c === "{") return this.object(i + 1);
    if (c === "[") return this.array(i + 1);
    for (const [word, value] of LITERALS) if (s.startsWith(word, i)) return { value, end: i + word.length };
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(s);
    if (m && m[0].length > 0) return { value: Number(m[0]), end: i + m[0].length };
    return this.fail("Expecting value", i);
  }

  string(start: number): { value: string; end: number } {
    const s = this.s;
    let i = start;
    let out = "";
    for (;;) {
      STR_CHUNK.lastIndex = i;
      const chunk = STR_CHUNK.exec(s)?.[0] ?? "";
      out += chunk;
      i += chunk.length;
      const c = s[i];
      if (c === undefined) return this.fail("Unterminated string starting at", start - 1);
      if (c === '"') return { value: out, end: i + 1 };
      if (c !== "\\") return this.fail("Invalid control character at", i);
      const e = s[i + 1];
      if (e === undefined) return this.fail("Unterminated string starting at", start - 1);
      if (e === "u") {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.fail("Invalid \\uXXXX escape", i + 1);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      const mapped = ESCAPES[e];
      if (mapped === undefined) return this.fail("Invalid \\escape", i);
      out += mapped;
      i += 2;
    }
  }

  object(i: number): { value: Record<string, unknown>; end: number } {
    const out: Record<string, unknown> = {};
    i = this.ws(i);
    if (this.s[i] === "}") return { value: out, end: i + 1 };
    for (;;) {
      if (this.s[i] !== '"') return this.fail("Expecting property name enclosed in double quotes", i);
      const key = this.string(i + 1);
      i = this.ws(key.end);
      if (this.s[i] !== ":") return this.fail("Expecting ':' delimiter", i);
      const value = this.value(this.ws(i + 1));
      out[key.value] = value.value;
      i = this.ws(value.end);
      if (this.s[i] === "}") return { value: out, end: i + 1 };
      if (this.s[i] !== ",") return this.fail("Expecting ',' delimiter", i);
      i = this.ws(i + 1);
    }
  }

  array(i: number): { value: unknown[]; end: number } {
    const out: unknown[] = [];
    i = this.ws(i);
    if (this.s[i] === "]") return { value: out, end: i + 1 };
    for (;;) {
      const value = this.value(i);
      out.push(value.value);
      i = this.ws(value.end);
      if (this.s[i] === "]") return { value: out, end: i + 1 };
      if (this.s[i] !== ",") return this.fail("Expecting ',' delimiter", i);
      i = this.ws(i + 1);
    }
  }
}

const LITERALS: [string, unknown][] = [
  ["null", null],
  ["true", true],
  ["false", false],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
];

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
