#!/usr/bin/env bash
# Diagnostic (not a test): why the competency detector and the blind gold (Data/judgments/competencies-gold.tsv)
# differ — every false positive with its quotes and posting section, every false negative with the gold's
# note. Runs GoldDiagnosticsTests (skipped in the suite) with PASSERELLE_GOLD_DETAILS=1 and prints its lines.
#   scripts/evaluation/gold-details.sh            # after swift build --build-tests (builds the Competencies tests if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --build-tests --target CompetenciesTests >&2
PASSERELLE_GOLD_DETAILS=1 swift test --skip-build --filter CompetenciesTests.GoldDiagnosticsTests 2>&1 \
  | sed -n '/^GOLD-DETAILS$/,/^Test Case .*GoldDiagnosticsTests.*\(passed\|failed\|skipped\)/p' | sed '$d'
