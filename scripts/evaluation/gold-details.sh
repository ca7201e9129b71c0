#!/usr/bin/env bash
# Diagnostic (not a test): why the competency detector and the blind gold (Data/judgments/competencies-gold.tsv)
# differ — every false positive with its quotes and posting section, every false negative with the gold's
# note. Runs `passerelle-bench gold-details` (Sources/PasserelleBench/GoldDetails.swift) and prints its lines.
#   scripts/evaluation/gold-details.sh            # builds passerelle-bench (debug) if needed
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product passerelle-bench >&2
"$(swift build --show-bin-path)/passerelle-bench" gold-details --root .
