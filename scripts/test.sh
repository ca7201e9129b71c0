#!/usr/bin/env bash
# The test suite: installs what is missing, then builds and runs every test target (scripts/checks/test-xctest.sh:
# one process per test class, two at a time on two cores), then the Spark tests (scripts/checks/test-spark.sh:
# PySpark in local[2] against `passerelle batch`; a few minutes). Arguments go to `swift test` (e.g.
# --filter X, run in one process), and then the Spark tests are left out, as they are with SKIP_SPARK=1.
# Every stage says how long it took (wall seconds), and the last lines sum them up with the load.
# Every script after the build uses the binary it built (`swift build --product passerelle` alone would
# build everything again without -enable-testing).
set -euo pipefail
cd "$(dirname "$0")/.."
stages=()
stage_start=$(date +%s)
stage() {  # stage NAME: closes the stage running since the last call
  local now; now=$(date +%s)
  stages+=("$(printf '%-8s %5d s' "$1" $((now - stage_start)))")
  echo "test.sh: stage $1: $((now - stage_start)) s (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))" >&2
  stage_start=$now
}
summary() {
  local status=$?
  [ ${#stages[@]} -eq 0 ] || printf 'test.sh: %s\n' "${stages[@]}" >&2
  echo "test.sh: exit $status after $SECONDS s, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) on $(getconf _NPROCESSORS_ONLN) CPUs" >&2
  [ -z "${run_tmp:-}" ] || rm -rf "$run_tmp"
}
trap summary EXIT
bash scripts/setup.sh
stage setup
# Everything started from here on (the tests, the binaries they run, Foundation's atomic writes, the Spark and page
# checks) makes its temporary files under one folder of the run, removed at the end: a run used to leave thousands of
# folders in /tmp. Made like /tmp (mode 1777: apt's sandbox user writes there when a check installs a package); the page
# checks' screenshot folders stay in /tmp on purpose (they are the output to look at).
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-test-run.XXXXXX")"
chmod 1777 "$run_tmp"
export TMPDIR="$run_tmp"
# The layers before the compiler: every import declared in Package.swift, no forbidden edge (seconds).
python3 scripts/checks/check-imports.py
# Every scripts/… path named in the docs, sources, tests and scripts exists (scripts live in folders by role).
python3 scripts/checks/check-script-paths.py
# No reader that stops early in a pipe: under pipefail, `producer | head -8` or `producer | grep -q` fails
# with SIGPIPE (exit 141) whenever the producer writes after the reader has gone — the stop-33 CI died so.
# Read whole instead: `sed -n 1,8p`, `grep X >/dev/null`. Every shell script of scripts/ and its role folders:
# the *.sh files and the ones without the extension whose first line names bash or sh (scripts/benchmarks/bench).
shell_scripts=(.ci/run)
while IFS= read -r -d '' f; do
  first=""; IFS= read -r first < "$f" || true
  case "$f:$first" in *.sh:*|*:'#!'*bash*|*:'#!'*/sh) shell_scripts+=("$f") ;; esac
done < <(find scripts -type f -print0 | sort -z)
if grep -nE '\|[[:space:]]*(head|grep[[:space:]]+-[a-zA-Z]*q[a-zA-Z]*)([[:space:]]|$)' "${shell_scripts[@]}" \
    | grep -vE '^[^:]+:[0-9]+:[[:space:]]*#'; then
  echo "test.sh: a pipe above ends in head or grep -q (SIGPIPE under pipefail): read the whole input instead" >&2; exit 1
fi
# No function over 80 lines in the application library and the front ends (issue 28).
python3 scripts/checks/check-function-length.py
swift build --build-tests
stage build
PASSERELLE="$(swift build --show-bin-path)/passerelle"
export PASSERELLE
if [ $# -eq 0 ]; then
  bash scripts/checks/test-xctest.sh
else
  swift test --skip-build "$@"
fi
stage xctest
if [ $# -eq 0 ] && [ "${SKIP_SPARK:-0}" != 1 ]; then
  bash scripts/checks/test-spark.sh
  stage spark
fi
# The Debian package, installed and used from an empty folder, then removed (scripts/checks/check-package.sh: needs
# root for dpkg -i; SKIP_PACKAGE=1 leaves it out). It packages the debug build made above.
if [ $# -eq 0 ] && [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    bash scripts/checks/check-package.sh
    stage package
  else
    echo "test.sh: not root: the package check (scripts/checks/check-package.sh, dpkg -i) is skipped" >&2
  fi
fi
# The pages in headless Chromium: the counsellors' page of `passerelle serve` (scripts/checks/check-web-page.sh:
# upload a CV, the ranked list, similar roles, screenshots at 1280 and 390 px) and the HTML reports
# (scripts/checks/check-html-report.sh: rank fr/en, similar, batch shortlist at 390 and 1280 px and printed to PDF). Chromium is Debian's `chromium`, installed
# here when missing; where it cannot be installed (no root, no package), the check is skipped with a line
# saying so — that is the only thing tolerated: a check that runs and fails fails the suite.
if [ $# -eq 0 ] && [ "${SKIP_WEB_PAGE:-0}" != 1 ]; then
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || true
  fi
  if command -v chromium >/dev/null 2>&1; then
    stage chromium
    B="$PASSERELLE" bash scripts/checks/check-web-page.sh
    stage web-page
    B="$PASSERELLE" bash scripts/checks/check-html-report.sh
    stage html

  else
    echo "test.sh: chromium is not installable on this machine; the page checks (scripts/checks/check-web-page.sh, scripts/checks/check-html-report.sh) are skipped" >&2
  fi
fi
