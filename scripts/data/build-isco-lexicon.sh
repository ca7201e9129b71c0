#!/usr/bin/env bash
# Rebuilds Data/lexicon/isco-en-fr.tsv from ESCO v1.1.1 ISCO-08 group labels (default ../shared/data/esco).
# Usage: scripts/data/build-isco-lexicon.sh [ESCO_DIR]   (Python 3 with numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 scripts/data/build_isco_lexicon.py "$@"
