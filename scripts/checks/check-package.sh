#!/usr/bin/env bash
# The Debian package, installed as a user would (run by scripts/test.sh as root; SKIP_PACKAGE=1 leaves it out).
# Builds it from the debug build already there (scripts/product/package-deb.sh --configuration debug --no-build),
# installs it with dpkg -i (dependencies from Debian), then, from an empty temporary folder:
# - `passerelle index` of the shipped postings writes the same model bytes as the project's build from the
#   project folder;
# - `rank` of a shipped CV gives the same top 10 as in the project folder;
# - `passerelle --version` names the commit; outside a project without --model, `rank` says how to index;
# - `man -l` renders the page; the bash completions load;
# then `dpkg -r` removes every installed file but the configuration file, and `dpkg -P` that one too;
# and scripts/product/install.sh --prefix DIR then --uninstall, the same checks on index bytes, nothing left.
set -euo pipefail
cd "$(dirname "$0")/../.."
project="$PWD"
fail() { echo "check-package: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "check-package: needs root (dpkg -i); skipped" >&2; exit 0; }
if dpkg-query -W -f='${Status}' passerelle 2>/dev/null | grep "install ok installed" >/dev/null; then
  fail "a passerelle package is installed already on this machine: remove it first (dpkg -P passerelle)"
fi
for pkg in man-db bash-completion; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep "install ok installed" >/dev/null || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
done

work="$(mktemp -d)"
cleanup() { dpkg -P passerelle >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
deb="$(bash scripts/product/package-deb.sh --configuration debug --no-build --out "$work")"
control="$(dpkg-deb --field "$deb" Depends)"   # read whole: grep -q in a pipe would cut dpkg-deb off (pipefail)
case "$control" in *poppler-utils*) ;; *) fail "$deb declares no Depends on poppler-utils (Depends: $control)" ;; esac
dpkg -i "$deb" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >/dev/null
dpkg-query -W -f='${Status}' passerelle | grep "install ok installed" >/dev/null || fail "dpkg -i $deb did not install it"
mapfile -t files < <(dpkg -L passerelle | while read -r f; do [ -f "$f" ] && echo "$f"; done)
[ "${#files[@]}" -ge 8 ] || fail "the package installs only ${#files[@]} files"
installed=/usr/bin/passerelle
[ "$(command -v passerelle)" = "$installed" ] || fail "passerelle is not /usr/bin/passerelle on the PATH"

empty="$work/empty"
mkdir -p "$empty"
export SOURCE_DATE_EPOCH=1700000000
built="$project/.build/debug/passerelle"
(cd "$project" && "$built" index Data/postings --out "$work/project.plm" 2>/dev/null)
(cd "$empty" && passerelle index "$project/Data/postings" --out "$work/installed.plm" 2> "$work/index.err") || fail "index from an empty folder: $(cat "$work/index.err")"
grep -q "not found" "$work/index.err" && fail "index from an empty folder misses a resource: $(cat "$work/index.err")"
cmp -s "$work/project.plm" "$work/installed.plm" || fail "index from an empty folder with the package writes other bytes than from the project folder"

top_ids() { python3 -c 'import json,sys; print("\n".join(m["id"] for m in json.load(sys.stdin)["matches"]))'; }
(cd "$project" && "$built" rank --cv Data/candidates/cv-fr-mediation.txt --top 10 --format json 2>/dev/null) | top_ids > "$work/project.top"
(cd "$empty" && passerelle rank --model "$work/installed.plm" --cv "$project/Data/candidates/cv-fr-mediation.txt" --top 10 --format json 2>/dev/null) | top_ids > "$work/installed.top"
[ "$(wc -l < "$work/project.top")" -eq 10 ] || fail "the project's rank gave $(wc -l < "$work/project.top") matches, not 10"
cmp -s "$work/project.top" "$work/installed.top" || fail "rank from an empty folder gives another top 10: $(paste -d' ' "$work/project.top" "$work/installed.top")"

passerelle --version | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ \(commit [0-9a-f]{7,}' >/dev/null || fail "passerelle --version names no commit: $(passerelle --version)"
if (cd "$empty" && passerelle rank --cv "$project/Data/candidates/cv-fr-mediation.txt" > /dev/null 2> "$work/rank.err"); then
  fail "rank without a project or --model succeeded"
fi
grep -q "passerelle index" "$work/rank.err" || fail "rank without a model does not say how to index: $(cat "$work/rank.err")"

MANWIDTH=100 man -l /usr/share/man/man1/passerelle.1.gz 2>/dev/null | col -b > "$work/man.txt"
grep -q "passerelle-rank\|passerelle rank\|rank" "$work/man.txt" && grep -qi "similar" "$work/man.txt" || fail "man -l renders no page with the commands"
bash -c 'source /usr/share/bash-completion/bash_completion 2>/dev/null || true; source /usr/share/bash-completion/completions/passerelle && complete -p passerelle' > /dev/null \
  || fail "the bash completions do not load"
[ -s /usr/share/zsh/vendor-completions/_passerelle ] && [ -s /usr/share/fish/vendor_completions.d/passerelle.fish ] || fail "zsh or fish completions missing"
[ -f /lib/systemd/system/passerelle.service ] || [ -f /usr/lib/systemd/system/passerelle.service ] || fail "no systemd unit installed"
grep -q "^ExecStart=/usr/bin/passerelle serve" /usr/lib/systemd/system/passerelle.service 2>/dev/null || \
  grep -q "^ExecStart=/usr/bin/passerelle serve" /lib/systemd/system/passerelle.service || fail "the unit does not start /usr/bin/passerelle serve"

dpkg -r passerelle >/dev/null
left=()
for f in "${files[@]}"; do [ -e "$f" ] && [ "$f" != /etc/default/passerelle ] && left+=("$f"); done
[ "${#left[@]}" -eq 0 ] || fail "dpkg -r left ${left[*]}"
dpkg -P passerelle >/dev/null
[ ! -e /etc/default/passerelle ] || fail "dpkg -P left /etc/default/passerelle"
# The install script alone, under a prefix of its own, then --uninstall: nothing left behind.
prefix="$work/prefix"
bash scripts/product/install.sh --prefix "$prefix" --configuration debug --no-build 2>/dev/null
(cd "$empty" && "$prefix/bin/passerelle" index "$project/Data/postings" --out "$work/script.plm" 2>/dev/null)
cmp -s "$work/project.plm" "$work/script.plm" || fail "scripts/product/install.sh: index from an empty folder writes other bytes than from the project folder"
bash scripts/product/install.sh --prefix "$prefix" --uninstall 2>/dev/null
leftover="$(find "$prefix" -type f 2>/dev/null | sed -n 1,3p)"
[ -z "$leftover" ] || fail "scripts/product/install.sh --uninstall left $leftover"
echo "check-package: ok — $(basename "$deb"): ${#files[@]} files installed and removed; index bytes and top 10 from an empty folder as in the project; man page, completions, unit" >&2
