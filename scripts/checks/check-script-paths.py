#!/usr/bin/env python3
"""Every `scripts/…` path the project names exists.

After scripts moved into folders by role (issue 28: checks/, product/, data/, evaluation/, benchmarks/),
a doc, a doc comment, an error message or a script calling another could still name the old place; this
finds them. It reads every text file of the project (README, docs/, Data/ READMEs, Sources/, Tests/, .ci/,
scripts/ itself; not .build*, .git, eval-data/), takes each path under scripts/ in it and checks that the
file or folder is there. Left alone: a path after a colon (`COMMIT:scripts/…`, a `git show` of a removed
script: history, not a reference); the ignored venvs the scripts make (scripts/.venv*); a line marked
`check-script-paths: keep`; the shipped data files (*.tsv, *.jsonl: their provenance lines are part of the
models' bytes). A path that goes on with a pattern (`{1,2,3}`, `*`, `<name>`, `$X`) only needs its folder.

  python3 scripts/checks/check-script-paths.py [ROOT]      # exit 0, or 1 listing FILE:LINE: PATH

Run by scripts/test.sh before the build. Complexity: one pass over the project's text files (~2 s).
"""
import os
import re
import sys

SKIP_DIRS = {".git", ".build", ".build-fuzz", ".swiftpm", "eval-data", "node_modules", "__pycache__"}
SKIP_SUFFIXES = (".tsv", ".jsonl", ".svg", ".png", ".pdf", ".docx", ".plm", ".gz", ".zip", ".deb")
# A path starts after anything but a word character, a dot or a colon (`4df2b52:scripts/x` is a git object).
PATH = re.compile(r"(?<![\w.:-])scripts/[\w./-]*\w")


def text_files(root):
    for folder, dirs, files in os.walk(root):
        # The venvs the scripts make (scripts/.venv-spark, ignored by git) hold third-party files that name
        # their own scripts/ folders: not the project's.
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".venv"))
        for name in sorted(files):
            if not name.endswith(SKIP_SUFFIXES):
                yield os.path.join(folder, name)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
    missing, seen = [], 0
    for path in text_files(root):
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except (UnicodeDecodeError, OSError):
            continue  # a binary file
        for number, line in enumerate(lines, 1):
            if "check-script-paths: keep" in line:
                continue
            for match in PATH.finditer(line):
                named = match.group(0)
                if named.startswith("scripts/.venv"):
                    continue
                seen += 1
                if line[match.end():match.end() + 1] in ("{", "*", "<", "$"):
                    named = os.path.dirname(named)
                if not os.path.exists(os.path.join(root, named)):
                    missing.append(f"{os.path.relpath(path, root)}:{number}: {named}")
    if missing:
        print("check-script-paths: these name a script or folder that is not there (moved? scripts/README.md):",
              file=sys.stderr)
        print("\n".join(missing), file=sys.stderr)
        sys.exit(1)
    print(f"check-script-paths: {seen} references to scripts/, every one exists")


if __name__ == "__main__":
    main()
