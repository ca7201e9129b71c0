#!/usr/bin/env bash
# Installs what Passerelle needs on a Debian machine with Swift: BLAS/LAPACK headers and libraries
# (OpenBLAS as the fast implementation chosen by Debian's alternatives) and poppler-utils for PDF.
# Idempotent: does nothing when everything is present. Needs root (or sudo) only when installing.
set -euo pipefail
need=()
for pkg in libblas-dev liblapack-dev liblapacke-dev libopenblas-dev zlib1g-dev poppler-utils; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep "install ok installed" >/dev/null || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
