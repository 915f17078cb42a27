"""DeepEyesV2's `fix_python_indentation` + autopep8, as the model was trained with (PROTOCOL §2.4).

Reproduced on purpose, quirks included: indentation is rebuilt from block openers only, so every
line after a `for ...:` stays inside the block. Golden tests pin this behaviour. Run as a script,
it reads code on stdin and prints the fixed code (used by the golden tests).
"""

import textwrap

_DEDENT_KEYWORDS = ("except", "elif", "else", "finally")


def _reindent(code):
    lines = [line.strip() for line in code.split("\n") if line.strip()]
    fixed_lines, indent = [], 0
    for line in lines:
        if any(line.startswith(kw) for kw in _DEDENT_KEYWORDS):
            indent = max(0, indent - 1)
        fixed_lines.append("    " * indent + line)
        if line.endswith(":"):
            indent += 1
    return textwrap.dedent("\n".join(fixed_lines)).strip()


def fix_python_indentation(code):
    # The reference wraps the whole body in try/except and falls back to the original code.
    try:
        import autopep8

        return autopep8.fix_code(_reindent(code), options={"aggressive": 2})
    except Exception:
        return code


if __name__ == "__main__":
    import sys

    sys.stdout.write(fix_python_indentation(sys.stdin.read()))
