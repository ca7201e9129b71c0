#!/usr/bin/env bash
# The main job on the shipped data: installs what is missing, builds Passerelle (release), and ranks the
# shipped postings (Data/postings) for a shipped CV. With arguments, runs `passerelle ARGS…` instead.
#   scripts/run.sh                                  # rank postings for Data/candidates/cv-fr-mediation.txt
#   scripts/run.sh similar seed-region-design       # any passerelle command
#   scripts/run.sh serve                            # the HTTP server and the counsellors' page, http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product passerelle >&2
if [ $# -eq 0 ]; then
  set -- rank --cv Data/candidates/cv-fr-mediation.txt --top 10
fi
exec .build/release/passerelle "$@"
