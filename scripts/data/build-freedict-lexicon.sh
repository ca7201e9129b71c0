#!/usr/bin/env bash
# Rebuilds Data/lexicon/freedict-en-fr.tsv from Debian's FreeDict dictionaries.
# Usage: scripts/data/build-freedict-lexicon.sh [DICTD_DIR]
#   (needs: apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng; Python 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/data/build_freedict_lexicon.py "$@" > Data/lexicon/freedict-en-fr.tsv.tmp
mv Data/lexicon/freedict-en-fr.tsv.tmp Data/lexicon/freedict-en-fr.tsv
echo "Data/lexicon/freedict-en-fr.tsv: $(grep -vc '^#' Data/lexicon/freedict-en-fr.tsv) pairs" >&2
