#!/usr/bin/env bash
# Rebuilds Data/lexicon/esco-en-fr.tsv from ESCO v1.1.1 skill labels (default ../shared/data/esco).
# Usage: scripts/data/build-lexicon.sh [ESCO_DIR]   (Python 3 with numpy)
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 scripts/data/build_lexicon.py "$@"
