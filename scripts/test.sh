#!/usr/bin/env bash
# The test suite: installs what is missing, then builds and runs every test target.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
