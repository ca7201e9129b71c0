#!/usr/bin/env bash
# Builds a Debian package of passerelle with dpkg-deb: what scripts/product/install.sh lays out under /usr, plus
# /etc/default/passerelle (a configuration file) and the package's Depends, read off the binary's shared
# libraries (dpkg -S), the BLAS/LAPACK runtime as alternatives, and poppler-utils (PDF input).
#
#   scripts/product/package-deb.sh                      # release build → passerelle_<version>_<arch>.deb in the project folder
#   scripts/product/package-deb.sh --out DIR           # the .deb written in DIR
#   scripts/product/package-deb.sh --configuration debug --no-build   # CI: packages the debug build already there
#   sudo apt-get install ./passerelle_*.deb     # or: sudo dpkg -i passerelle_*.deb; sudo apt-get -f install
#
# A release package links the Swift runtime statically. A debug package (for CI's install check) still needs
# the Swift toolchain's runtime libraries, which no Debian package provides: it says so in its description.
set -euo pipefail
cd "$(dirname "$0")/../.."

configuration=release
build=1
out="$PWD"
while [ $# -gt 0 ]; do
  case "$1" in
    --configuration|-c) configuration="${2:?}"; shift 2 ;;
    --configuration=*) configuration="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    --out) out="${2:?}"; shift 2 ;;
    --out=*) out="${1#*=}"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package-deb.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
  esac
done
command -v dpkg-deb >/dev/null || { echo "package-deb.sh: dpkg-deb not found (a Debian system is needed)" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install_flags=(--prefix /usr --destdir "$root" --configuration "$configuration")
[ "$build" = 1 ] || install_flags+=(--no-build)
bash scripts/product/install.sh "${install_flags[@]}"

# A package's files are dpkg's to track: the install manifest is for scripts/product/install.sh --uninstall only.
rm -f "$root/usr/share/passerelle/installed-files"
mkdir -p "$root/etc/default"
mv "$root/usr/share/passerelle/passerelle.default" "$root/etc/default/passerelle"
mkdir -p "$root/usr/share/doc/passerelle"
{
  echo "Passerelle — matching people to jobs by their skills."
  echo
  echo "The English → French term list is derived from ESCO skill labels:"
  echo "This service uses the ESCO classification of the European Commission."
  echo "See /usr/share/passerelle/lexicon/README.md for the sources and licences of the shipped resources."
} > "$root/usr/share/doc/passerelle/copyright"

binary="$root/usr/bin/passerelle"
version="$("$binary" --version | cut -d' ' -f1)"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
arch="$(dpkg --print-architecture)"

# Depends: the Debian package of every shared library the binary needs directly (readelf NEEDED), except BLAS/LAPACK (chosen through
# Debian's alternatives, declared below) and the Swift toolchain's own libraries (no package has them).
declare -A packages=()
toolchain_libs=()
while read -r lib path; do
  [ -n "$path" ] || continue
  case "$lib" in libblas.so*|liblapack.so*|liblapacke.so*|libopenblas*) continue ;; esac
  real="$(readlink -f "$path")"
  owner="$(dpkg -S "$path" 2>/dev/null | sed -n 1p | cut -d: -f1 || true)"
  [ -n "$owner" ] || owner="$(dpkg -S "$real" 2>/dev/null | sed -n 1p | cut -d: -f1 || true)"
  if [ -n "$owner" ]; then packages["$owner"]=1; else toolchain_libs+=("$lib"); fi
done < <(needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
         ldd "$binary" | awk -v needed="$needed" 'BEGIN { n = split(needed, list, "\n"); for (i = 1; i <= n; i++) direct[list[i]] = 1 }
                                                  $2 == "=>" && $3 ~ /^\// && ($1 in direct) { print $1, $3 }')
depends="libopenblas0 | libblas3, liblapack3 | libopenblas0, liblapacke, poppler-utils"
for p in $(printf '%s\n' "${!packages[@]}" | sort); do depends="$depends, $p"; done

description="match people to jobs by their skills (CLI and HTTP service)"
if [ ${#toolchain_libs[@]} -gt 0 ]; then
  description="$description
 This $configuration build loads the Swift runtime from the toolchain
 (${toolchain_libs[*]}), which no Debian package provides: for testing only."
fi
installed_size="$(du -sk "$root" | cut -f1)"
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<EOF
Package: passerelle
Version: $version+git$commit
Architecture: $arch
Maintainer: Passerelle developers <passerelle@localhost>
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
Description: $description
 Ranks job postings for a CV, finds similar roles and scores candidate pools
 both ways (TF-IDF, truncated SVD, cosine), and explains every match by the
 competencies and French/English requirements behind it. Offline: CVs never
 leave the machine.
EOF
echo "/etc/default/passerelle" > "$root/DEBIAN/conffiles"
mkdir -p "$out"
deb="$out/passerelle_${version}+git${commit}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
