#!/usr/bin/env bash
# Renders Passerelle's HTML report in headless Chromium and fails when the screenshot is blank.
# Not part of CI (it needs Chromium: `apt-get install -y chromium`); run it by hand after changing the
# HTML report.
#   scripts/check-html-report.sh                      # builds (debug), renders rank + similar reports, checks both
#   scripts/check-html-report.sh report.html …        # checks the given HTML files only
# Screenshots are kept in $OUT_DIR (default: a temporary folder, printed) to look at.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "check-html-report: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/passerelle-html-check.XXXXXX)}
mkdir -p "$OUT_DIR"

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  swift build --product passerelle >&2
  B=.build/debug/passerelle
  MODEL="$OUT_DIR/postings.plm"
  "$B" index Data/postings --out "$MODEL" >&2
  "$B" rank --cv Data/candidates/cv-fr-mediation.txt --model "$MODEL" --top 10 --format html --out "$OUT_DIR/rank.html"
  "$B" similar seed-region-design --model "$MODEL" --top 8 --format html --out "$OUT_DIR/similar.html"
  files=("$OUT_DIR/rank.html" "$OUT_DIR/similar.html")
fi

status=0
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "check-html-report: $f: no such file" >&2; status=1; continue; }
  abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
  png="$OUT_DIR/$(basename "$f" .html).png"
  rm -f "$png"
  # --no-sandbox: running as root in a container; the page needs no network (self-contained).
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
    --screenshot="$png" "file://$abs" >/dev/null 2>&1 || true
  if [ ! -s "$png" ]; then echo "check-html-report: $f: chromium made no screenshot" >&2; status=1; continue; fi
  python3 - "$png" <<'PY' || status=1
import struct, sys, zlib

def decode_png(path):
    """Decodes an 8-bit RGB/RGBA (non-interlaced) PNG with zlib only; returns (width, height, rows of pixel tuples)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG (depth {depth}, colour {colour})"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], (prev[i - channels] if i >= channels else 0)
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return width, height, rows, channels

path = sys.argv[1]
w, h, rows, ch = decode_png(path)
colours, non_white, total = set(), 0, 0
for y in range(0, h, 2):
    row = rows[y]
    for x in range(0, w, 2):
        px = tuple(row[x * ch:x * ch + 3])
        colours.add(px)
        total += 1
        if min(px) < 235: non_white += 1
share = non_white / total
print(f"{path}: {w}x{h}, {len(colours)} distinct colours, {share:.1%} of pixels not near-white")
if len(colours) < 16 or share < 0.02:
    print(f"{path}: the page looks blank", file=sys.stderr)
    sys.exit(1)
PY
done
echo "screenshots in $OUT_DIR"
exit $status
