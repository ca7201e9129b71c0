#!/usr/bin/env bash
# The test suite: installs what is missing, then builds and runs every test target, then the Spark tests
# (scripts/test-spark.sh: PySpark in local[2] against `passerelle batch`; a few minutes). Arguments go to
# `swift test` (e.g. --filter X), and then the Spark tests are left out, as they are with SKIP_SPARK=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
if [ $# -eq 0 ] && [ "${SKIP_SPARK:-0}" != 1 ]; then
  bash scripts/test-spark.sh
fi
