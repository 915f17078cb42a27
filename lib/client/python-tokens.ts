// A small Python tokenizer for colouring code cells: keywords, strings, comments, numbers,
// builtins and the input-image names. Not a parser: unknown text is kept as plain text, and the
// tokens always concatenate back to exactly the input (streaming half-written code included).

export type TokenKind = "keyword" | "string" | "comment" | "number" | "builtin" | "image" | "plain";
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);
const BUILTINS = new Set(
  "print len range int float str list dict set tuple min max sum abs round sorted enumerate zip map filter isinstance type open np plt cv2 Image".split(
    " ",
  ),
);

const PATTERN =
  /(#[^\n]*)|([rbfuRBFU]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*(?:"|$)|'(?:\\.|[^'\\\n])*(?:'|$)))|(\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|([A-Za-z_]\w*)/gm;

export function tokenizePython(source: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const push = (kind: TokenKind, text: string) => {
    const prev = tokens.at(-1);
    if (prev && prev.kind === kind && kind === "plain") prev.text += text;
    else if (text) tokens.push({ kind, text });
  };
  for (const m of source.matchAll(PATTERN)) {
    const index = m.index;
    if (index > last) push("plain", source.slice(last, index));
    const [text, comment, string, number, word] = m;
    if (comment) push("comment", text);
    else if (string) push("string", text);
    else if (number) push("number", text);
    else if (word && KEYWORDS.has(word)) push("keyword", text);
    else if (word && /^image_\d+$/.test(word)) push("image", text);
    else if (word && BUILTINS.has(word)) push("builtin", text);
    else push("plain", text);
    last = index + text.length;
  }
  if (last < source.length) push("plain", source.slice(last));
  return tokens;
}
