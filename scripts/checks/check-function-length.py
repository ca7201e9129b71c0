#!/usr/bin/env python3
"""List functions (and initializers, closures-valued properties excluded) longer than a limit in the
front ends and the application library, and fail when there is one (issue 28: "no function over 80
lines in PasserelleApp, the CLI or the server" — a function that long holds more than one job).

Lines are counted from the declaration to its closing brace, comments and blank lines included (what
a reader scrolls through). Braces inside string literals (one-line and triple-quoted) and comments are
ignored.

Usage: scripts/checks/check-function-length.py [--limit 80] [--all] [FOLDER …]
  (default folders: Sources/PasserelleApp Sources/PasserelleCLI Sources/PasserelleServer;
   --all lists every function over the limit in Sources/ without failing)
"""
import argparse
import os
import re
import sys

DECLARATION = re.compile(
    r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|private|fileprivate|internal|package|open|static|class|final|override|mutating|nonmutating|"
    r"nonisolated|convenience|required|dynamic|indirect)\s+)*"
    r"(?:func\s+[^\s(<]+|init[?!]?|deinit|subscript)\s*[(<{]?")


def code_only(lines):
    """The lines with string literals and comments blanked (so their braces do not count)."""
    out, in_triple, in_block_comment = [], False, False
    for line in lines:
        result, i = [], 0
        while i < len(line):
            if in_block_comment:
                end = line.find("*/", i)
                if end < 0:
                    i = len(line)
                    continue
                in_block_comment, i = False, end + 2
                continue
            if in_triple:
                end = line.find('"""', i)
                if end < 0:
                    i = len(line)
                    continue
                in_triple, i = False, end + 3
                continue
            if line.startswith('"""', i):
                in_triple, i = True, i + 3
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block_comment, i = True, i + 2
                continue
            if line[i] == '"':
                j = i + 1
                while j < len(line) and line[j] != '"':
                    j += 2 if line[j] == "\\" else 1
                i = j + 1
                continue
            result.append(line[i])
            i += 1
        out.append("".join(result))
    return out


def long_functions(path, limit):
    lines = open(path, encoding="utf-8").read().split("\n")
    code = code_only(lines)
    found, i = [], 0
    while i < len(lines):
        if DECLARATION.match(code[i]) and not code[i].lstrip().startswith(("case ", "return ")):
            depth, opened, j = 0, False, i
            while j < len(code):
                depth += code[j].count("{") - code[j].count("}")
                opened = opened or "{" in code[j]
                if opened and depth <= 0:
                    break
                # A protocol requirement (no body) ends at its line.
                if not opened and j > i and DECLARATION.match(code[j]):
                    j = i
                    break
                j += 1
            length = j - i + 1
            if opened and length > limit:
                found.append((length, i + 1, lines[i].strip()[:90]))
            # Nested functions are counted on their own too: continue inside the body.
            i += 1
        else:
            i += 1
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--all", action="store_true")
    parser.add_argument("folders", nargs="*")
    args = parser.parse_args()
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    folders = args.folders or (["Sources"] if args.all else
                               ["Sources/PasserelleApp", "Sources/PasserelleCLI", "Sources/PasserelleServer"])
    problems = []
    for folder in folders:
        for base, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if name.endswith(".swift"):
                    path = os.path.join(base, name)
                    for length, line, text in long_functions(path, args.limit):
                        problems.append((length, f"{os.path.relpath(path, root)}:{line}: {length} lines: {text}"))
    for _, text in sorted(problems, reverse=True):
        print(text)
    if args.all:
        return 0
    if problems:
        print(f"check-function-length: {len(problems)} function(s) over {args.limit} lines in {', '.join(folders)}", file=sys.stderr)
        return 1
    print(f"check-function-length: no function over {args.limit} lines in {', '.join(folders)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
