#!/usr/bin/env bash
# The XCTest suite, run by scripts/test.sh after `swift build --build-tests`: the test bundle is started once
# per test class, JOBS classes at a time (default: the number of CPUs, at most 4), the slowest known
# classes first so that the last ones to finish are short. The shipped-model fixtures
# (Tests/PasserelleTestSupport) are built once for the whole run in a shared folder (PASSERELLE_TEST_FIXTURES)
# instead of once per process. Each class's output is printed whole when it ends (never interleaved); the
# run fails when a class fails or a class's process dies. Prints the wall time, the slowest classes and the
# tests counted. Why not `swift test --parallel`: it starts one process per *test* (532), each building the
# fixtures again; two `swift test` at once wait on each other's lock of .build.
#   scripts/checks/test-xctest.sh                    # every class
#   JOBS=1 scripts/checks/test-xctest.sh             # one class at a time (what `swift test --skip-build` does, by class)
#   scripts/checks/test-xctest.sh PasserelleCLITests.FaultTests PasserelleTests.MatcherTests   # these classes
#   KIND=unit scripts/checks/test-xctest.sh          # the tests by kind (below): unit, end-to-end or quality
#   LIST=1 KIND=quality scripts/checks/test-xctest.sh   # the classes it would run, in order, without running them
# Kinds (by class, the files stay in the folder of the target they test):
#   quality     the floors measured on judged and gold collections (nDCG, MRR, precision/recall);
#   end-to-end  the binary as users run it (PasserelleCLITests), and the server over real sockets or run by
#               the binary (RankAPITests, ConnectionLimitsTests, ServeCommandTests) or compared with the
#               binary's bytes (RankRoutesTests: the routes in-process, the CLI run beside them);
#   unit        everything else: the libraries in-process (the server's routes through its router).
set -euo pipefail
cd "$(dirname "$0")/../.."
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
JOBS=${JOBS:-$(( cpus < 4 ? cpus : 4 ))}
bin="${BIN_PATH:-$(swift build --show-bin-path)}"   # BIN_PATH: while another swift command holds .build
bundle=""
for b in "$bin"/*PackageTests.xctest; do [ -x "$b" ] && bundle="$b"; done
[ -n "$bundle" ] || { echo "test-xctest: no test bundle in $bin (run swift build --build-tests first)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-xctest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PASSERELLE_TEST_FIXTURES="$work/fixtures"
mkdir -p "$work/logs" "$work/tmp"
# Every temporary folder the tests and the binaries they run make (thousands a run: test folders, models,
# Foundation's atomic writes) goes under the run's folder, removed with it: a run used to leave ~12,000
# folders in /tmp.
export TMPDIR="$work/tmp"

# The classes: the slowest first (seconds in the fresh-clone CI of 2026-12-03 on 2 cores, reordered after
# issue 28e moved RankAPITests' route tests to RankRoutesTests and queries of the ranking in-process), then
# the rest by name.
slow=(
  PasserelleCLITests.FaultTests PasserelleCLITests.BatchTests PasserelleCLITests.DeterminismTests
  PasserelleAppTests.LiveModelTests PasserelleCLITests.BadInputTests PasserelleServerTests.RankRoutesTests
  PasserelleCLITests.ReadmeCommandsTests PasserelleCLITests.FormatsEndToEndTests PasserelleCLITests.EndToEndTests
  PasserelleCLITests.ReportTests PasserelleServerTests.RankAPITests PasserelleCLITests.ImportFeedsCLITests
  PasserelleCLITests.OwnInputsCLITests PasserelleTests.AnalyzedTextTests PasserelleAppTests.HTMLReportTests
  PasserelleCLITests.ExplanationTests PasserelleCLITests.QualityGuardTests PasserelleCLITests.JudgedCollectionBinaryTests
  PasserelleTests.ModelFileSectionTests
)
"$bundle" --list-tests | sed -n 's|^\([A-Za-z0-9_]*\.[A-Za-z0-9_]*\)/.*|\1|p' | sort -u > "$work/all"
[ -s "$work/all" ] || { echo "test-xctest: $bundle lists no tests" >&2; exit 1; }
if [ $# -gt 0 ]; then
  # A class the bundle does not have would run no test and pass: refused, by name.
  for c in "$@"; do
    grep -qxF -- "$c" "$work/all" || { echo "test-xctest: no test class '$c' in $(basename "$bundle") (Target.Class, e.g. PasserelleCLITests.FaultTests)" >&2; exit 64; }
  done
  printf '%s\n' "$@" > "$work/classes"
else
  { for c in "${slow[@]}"; do grep -qx "$c" "$work/all" && echo "$c"; done
    grep -vxF -f <(printf '%s\n' "${slow[@]}") "$work/all"; } > "$work/classes"
fi
quality='^(PasserelleCLITests\.(JudgedCollectionTests|QualityGuardTests|DevCollectionTests)|CompetenciesTests\.(BlindGoldTests|GoldEvaluationTests))$'
end_to_end='^(PasserelleCLITests\..*|PasserelleServerTests\.(RankAPITests|RankRoutesTests|ConnectionLimitsTests|ServeCommandTests))$'
case "${KIND:-all}" in
  all) ;;
  quality) grep -E "$quality" "$work/classes" > "$work/kind" || true ;;
  end-to-end) grep -vE "$quality" "$work/classes" | grep -E "$end_to_end" > "$work/kind" || true ;;
  unit) grep -vE "$quality" "$work/classes" | grep -vE "$end_to_end" > "$work/kind" || true ;;
  *) echo "test-xctest: KIND is unit, end-to-end or quality, not '$KIND'" >&2; exit 64 ;;
esac
[ "${KIND:-all}" = all ] || mv "$work/kind" "$work/classes"
total=$(wc -l < "$work/classes")
[ "$total" -gt 0 ] || { echo "test-xctest: no class to run" >&2; exit 1; }
if [ "${LIST:-0}" = 1 ]; then cat "$work/classes"; exit 0; fi   # LIST=1: the classes it would run, in order
echo "test-xctest: $total classes (${KIND:-all}) of $(basename "$bundle"), $JOBS at a time" >&2

export bundle work
run_class() {
  local class=$1 log="$work/logs/$1.log" start end status
  start=$(date +%s%N)
  set +e
  "$bundle" "$class" > "$log" 2>&1
  status=$?
  set -e
  end=$(date +%s%N)
  printf '%s\t%s\t%d\n' "$class" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" "$status" >> "$work/times"
  # One whole log at a time on stdout (flock: the other worker waits).
  { flock 9; cat "$log"; [ "$status" -eq 0 ] || echo "test-xctest: FAIL $class (exit $status)"; } 9> "$work/print.lock"
  return "$status"
}
export -f run_class
t0=$(date +%s%N)
set +e
xargs -P "$JOBS" -I{} bash -c 'run_class "$1"' _ {} < "$work/classes"
xargs_status=$?
set -e
wall=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.0f", (b - a) / 1e9 }')

failed=$(awk -F'\t' '$3 != 0 { print $1 }' "$work/times" 2>/dev/null)
ran=$(wc -l < "$work/times" 2>/dev/null || echo 0)
# Each process ends with its "Selected tests" total: the last "Executed" line of each log.
read -r tests skipped failures < <(for f in "$work"/logs/*.log; do grep -E '^[[:space:]]*Executed [0-9]+ tests?,' "$f" | tail -1; done \
  | awk '{ for (i = 1; i < NF; i++) { if ($i == "Executed") t += $(i + 1); if ($(i + 2) ~ /^skipped/) s += $i; if ($(i + 1) ~ /^failures?$/) f += $i } }
         END { print t + 0, s + 0, f + 0 }')
echo "test-xctest: slowest classes (s):" >&2
sort -t$'\t' -k2,2 -rn "$work/times" | sed -n 1,8p | awk -F'\t' '{ printf "  %6.1f %s\n", $2, $1 }' >&2
echo "test-xctest: $ran of $total classes run, $tests tests ($skipped skipped), $failures failures, $wall s with $JOBS at a time" >&2
if [ -n "$failed" ] || [ "$xargs_status" -ne 0 ] || [ "$ran" -ne "$total" ] || [ "$failures" -ne 0 ]; then
  echo "test-xctest: FAILED: ${failed:-a class did not finish}" | tr '\n' ' ' >&2; echo >&2
  exit 1
fi
