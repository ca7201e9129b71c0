#!/usr/bin/env python3
"""Check that no Swift file imports a module its target does not declare, and that the layers keep one
direction (issue 28: "no import crosses a layer it does not declare").

SwiftPM lets a file import any module built before it (the search paths hold them all), so an
undeclared `import TextAnalysis` in the CLI compiles today and breaks the day the graph changes; and a
declared but wrong edge (the application library calling LinearAlgebra) is a back door around the
engine. This script reads Package.swift's targets (name, path, dependencies) and every `import` in
their sources, and fails when
  1. a file imports a module of the package, or of a package dependency's products, that its target
     does not declare (system modules — Foundation, XCTest, Glibc… — are free);
  2. a target declares a dependency the layering forbids (FORBIDDEN below, from docs/ARCHITECTURE.md).

Usage: scripts/checks/check-imports.py [PACKAGE_ROOT]   (exit 0 clean, 1 with each violation on a line)
"""
import os
import re
import sys

# Modules any file may import: the toolchain's.
SYSTEM = {"Foundation", "FoundationXML", "FoundationNetworking", "FoundationEssentials", "XCTest", "Glibc",
          "Musl", "Darwin", "Dispatch", "Synchronization", "os", "_Concurrency", "Testing", "CoreFoundation"}

# Edges the layering forbids even when declared: (target, dependency, why).
FORBIDDEN = [
    ("LinearAlgebra", "TextAnalysis", "numbers know nothing of text"),
    ("LinearAlgebra", "Competencies", "numbers know nothing of text"),
    ("LinearAlgebra", "PasserelleCore", "numbers know nothing of documents"),
    ("TextAnalysis", "LinearAlgebra", "text analysis knows nothing of matrices"),
    ("Competencies", "LinearAlgebra", "text analysis knows nothing of matrices"),
    ("PasserelleCore", "*", "the bottom layer depends on nothing of the package"),
    ("DocumentReaders", "Passerelle", "readers are the engine's sibling: files → documents, no BLAS"),
    ("DocumentReaders", "LinearAlgebra", "readers link no BLAS"),
    ("Passerelle", "PasserelleEvaluation", "the engine knows nothing of the evaluation: research sits above it"),
    ("PasserelleEvaluation", "PasserelleApp", "evaluation measures the engine, under the application library"),
    ("PasserelleEvaluation", "DocumentReaders", "evaluation takes texts, not files (EvaluationRun reads them)"),
    ("PasserelleServer", "PasserelleEvaluation", "the server runs no evaluation"),
    ("PasserelleApp", "LinearAlgebra", "the application library talks to the engine (NumericRuntime), not to BLAS"),
    ("PasserelleServer", "LinearAlgebra", "front ends translate and print"),
    ("PasserelleCLI", "LinearAlgebra", "front ends translate and print"),
]

# What a file's header holds before its first declaration: blank lines, comments, compiler conditions.
HEADER_LINE = re.compile(r"^\s*($|//|/\*|\*|#if|#else|#elseif|#endif)")

TARGET_CALL = re.compile(r"\.(target|testTarget|executableTarget|systemLibrary)\(")


def balanced(text, start):
    """The text from `start` (just after an opening parenthesis) to its matching close."""
    depth, i = 1, start
    while depth:
        c = text[i]
        if c == "(" or c == "[":
            depth += 1
        elif c == ")" or c == "]":
            depth -= 1
        elif c == '"':
            i = text.index('"', i + 1)
        i += 1
    return text[start:i - 1]


def read_package(root):
    text = open(os.path.join(root, "Package.swift"), encoding="utf-8").read()
    text = re.sub(r"//[^\n]*", "", text)
    targets, products = {}, set()
    for m in TARGET_CALL.finditer(text):
        body = balanced(text, m.end())
        name = re.search(r'name:\s*"([^"]+)"', body).group(1)
        kind = m.group(1)
        path_match = re.search(r'path:\s*"([^"]+)"', body)
        default = "Tests" if kind == "testTarget" else "Sources"
        path = path_match.group(1) if path_match else os.path.join(default, name)
        deps = set()
        dep_match = re.search(r"dependencies:\s*\[", body)
        if dep_match:
            dep_body = balanced(body, dep_match.end())
            for product in re.finditer(r'\.product\(\s*name:\s*"([^"]+)"', dep_body):
                deps.add(product.group(1))
                products.add(product.group(1))
            plain = re.sub(r"\.product\([^)]*\)", "", dep_body)
            deps.update(re.findall(r'"([^"]+)"', plain))
        targets[name] = {"kind": kind, "path": path, "deps": deps}
    return targets, products


def imports_of(folder):
    """(file, line number, module) for every import in the Swift files under `folder`."""
    pattern = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
    for base, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(base, name)
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                m = pattern.match(line)
                if m:
                    yield path, number, m.group(1), line.strip().startswith("@_exported")
                elif not HEADER_LINE.match(line):
                    break  # imports sit in the file's header; past it, "import" is somebody's text


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
    targets, products = read_package(root)
    known = set(targets) | products
    problems = []
    for name, target in sorted(targets.items()):
        for (banned_from, banned, why) in FORBIDDEN:
            if banned_from != name:
                continue
            hits = [d for d in target["deps"] if (d in targets if banned == "*" else d == banned)]
            for dep in sorted(hits):
                problems.append(f"Package.swift: {name} depends on {dep}: {why}")
        if target["kind"] == "systemLibrary":
            continue
        folder = os.path.join(root, target["path"])
        for path, number, module, exported in imports_of(folder):
            rel = os.path.relpath(path, root)
            if exported:
                problems.append(f"{rel}:{number}: @_exported import {module} hides a dependency from the importers; import it where it is used")
            if module in SYSTEM or module == name:
                continue
            if module not in known:
                problems.append(f"{rel}:{number}: import {module}: not a module of the package nor of its declared products")
            elif module not in target["deps"]:
                problems.append(f"{rel}:{number}: import {module}: {name} does not declare it in Package.swift")
    for p in problems:
        print(p)
    count = sum(1 for t in targets.values() if t["kind"] != "systemLibrary")
    if problems:
        print(f"check-imports: {len(problems)} problem(s) in {count} targets", file=sys.stderr)
        return 1
    print(f"check-imports: {count} targets, every import declared, no forbidden edge")
    return 0


if __name__ == "__main__":
    sys.exit(main())
