import { tokenizePython, type TokenKind } from "@/lib/client/python-tokens";
import { cn } from "@/lib/ui/cn";

const colours: Record<TokenKind, string> = {
  keyword: "text-primary font-medium",
  string: "text-success",
  comment: "text-muted-foreground italic",
  number: "text-warning",
  builtin: "text-primary/80",
  image: "text-danger font-medium",
  plain: "",
};

/** Python source, coloured by a small tokenizer; the text is exactly the model's code. */
export function CodeBlock({ code, className, ...props }: React.ComponentProps<"pre"> & { code: string }) {
  return (
    <pre
      data-slot="code-block"
      className={cn("overflow-x-auto p-3.5 font-mono text-[12.5px] leading-relaxed", className)}
      {...props}
    >
      <code>
        {tokenizePython(code).map((token, i) =>
          token.kind === "plain" ? (
            token.text
          ) : (
            <span key={i} className={colours[token.kind]}>
              {token.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
}
