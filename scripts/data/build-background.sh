#!/usr/bin/env bash
# Builds background texts for `passerelle index --background` from the public ROME and ESCO files:
# ROME fiches' job titles (appellations) and competence labels, ESCO skill labels (French and English).
# Never ESCO occupations. Credits: ROME v3.47 (France Travail open data, Licence Ouverte / Etalab 2.0);
# ESCO v1.1.1 skills: "This service uses the ESCO classification of the European Commission".
#
#   scripts/data/build-background.sh [OUT.jsonl] [--parts=appellations,competences,skills]
#
# Defaults: ../shared/data/{rome,esco}, OUT = eval-data/background-rome-appellations.jsonl, parts = appellations
# (the one that measured best on the dev collection, README). The output is not committed (see README:
# it is not a default, because it costs the shipped field corpus more than it brings).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/data}
OUT=${1:-$ROOT/eval-data/background-rome-appellations.jsonl}
PARTS=${2:---parts=appellations}
mkdir -p "$(dirname "$OUT")"
python3 "$ROOT/scripts/data/build_background.py" "$SHARED/rome" "$SHARED/esco" "$OUT" "$PARTS"
