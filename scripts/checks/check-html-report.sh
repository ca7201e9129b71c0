#!/usr/bin/env bash
# Renders Passerelle's HTML pages in headless Chromium, at phone and desktop widths and in print, and
# fails (exit 1) when one looks broken:
#   - 390 px and 1280 px wide: a screenshot that is not blank, and no horizontal overflow (the page's
#     scrollWidth fits its width; at 1280 px no figure needs its own horizontal scrolling either);
#   - print (--print-to-pdf): between 1 and MAX_PAGES pages (default 20), none of them blank
#     (pdftoppm, then the share of inked pixels per page).
# and, on the pages it renders itself (no file given):
#   - the handout (`rank --format html` with its default top 5, on a model holding imported France Travail
#     and JobPosting offers) prints on at most 2 pages and has a "Postuler" link to an http(s) address;
#   - the French pages (rank, handout, similar, shortlist) show no English UI string (the text Chromium
#     renders, outside quotes, titles, ids and elements marked lang="en").
# Needs chromium and pdftoppm/pdfinfo (apt-get install -y chromium poppler-utils); exit 2 without them.
#   scripts/checks/check-html-report.sh                   # builds (debug) unless $B names a passerelle binary, renders rank (fr, en), similar and batch pages, checks all
#   scripts/checks/check-html-report.sh report.html …     # checks the given HTML files only
# Screenshots, PDFs and page images are kept in $OUT_DIR (default: a temporary folder, printed) to look at.
#
# Chromium's headless window is at least 500 px wide, so the 390 px checks load the page into a 390 px
# wide <iframe srcdoc> of a probe page whose script measures the frame's layout and writes it into the
# DOM (--dump-dom prints it). The page itself holds no script; only the probe copy does.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "check-html-report: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
for tool in pdftoppm pdfinfo python3; do
  command -v "$tool" >/dev/null || { echo "check-html-report: $tool not found (apt-get install -y poppler-utils python3)" >&2; exit 2; }
done
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/passerelle-html-check.XXXXXX)}
MAX_PAGES=${MAX_PAGES:-20}
mkdir -p "$OUT_DIR"

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  if [ -z "${B:-}" ]; then   # scripts/test.sh gives the binary it built
    swift build --product passerelle >&2
    B=.build/debug/passerelle
  fi
  MODEL="$OUT_DIR/postings.plm"
  "$B" index Data/postings --out "$MODEL" >&2
  "$B" rank --cv Data/candidates/cv-fr-mediation.txt --model "$MODEL" --top 10 --format html --out "$OUT_DIR/rank.html"
  "$B" rank --cv Data/candidates/cv-en-design.txt --model "$MODEL" --top 10 --format html --out "$OUT_DIR/rank-en.html"
  "$B" similar seed-region-design --model "$MODEL" --top 8 --format html --out "$OUT_DIR/similar.html"
  "$B" batch --candidates Data/candidates --model "$MODEL" --top 4 --where 'location~montreal' --format html --quiet --out "$OUT_DIR/shortlist.html"
  # The handout of the README's walk-through: imported offers, default top 5.
  "$B" import france-travail Data/imports/france-travail-page.json --out "$OUT_DIR/offres.jsonl" --quiet
  "$B" import jobposting Data/imports/jobposting.html Data/imports/jobposting-list.json --out "$OUT_DIR/annonces.jsonl" --quiet
  "$B" index Data/postings "$OUT_DIR/offres.jsonl" "$OUT_DIR/annonces.jsonl" --out "$OUT_DIR/offres.plm" --quiet
  "$B" rank --cv Data/candidates/cv-fr-mediation.txt --model "$OUT_DIR/offres.plm" --format html --out "$OUT_DIR/handout.html"
  files=("$OUT_DIR/rank.html" "$OUT_DIR/rank-en.html" "$OUT_DIR/similar.html" "$OUT_DIR/shortlist.html" "$OUT_DIR/handout.html")
  HANDOUT="$OUT_DIR/handout.html"
  FRENCH_PAGES=("$OUT_DIR/rank.html" "$OUT_DIR/similar.html" "$OUT_DIR/shortlist.html" "$OUT_DIR/handout.html")
fi

chrome() { timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run "$@" 2>/dev/null; }

# A screenshot is not blank: enough distinct colours and inked pixels.
check_png() {
  python3 - "$1" <<'PY'
import struct, sys, zlib

def decode_png(path):
    """Decodes an 8-bit RGB/RGBA (non-interlaced) PNG with zlib only; returns (width, height, rows, channels)."""
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
}

# The probe page: the report in a WIDTH px wide frame; its script writes the frame's layout into the DOM.
make_probe() {  # make_probe FILE WIDTH PROBE
  python3 - "$1" "$2" "$3" <<'PY'
import html, sys
page, width, probe = sys.argv[1], int(sys.argv[2]), sys.argv[3]
src = open(page, encoding="utf-8").read()
script = """<script>
function measure(frame) {
  var doc = frame.contentDocument, root = doc.documentElement, out = [];
  out.push('width=' + root.clientWidth + ' scrollWidth=' + root.scrollWidth);
  // Elements reaching past the right edge, outside any scrolling container (the culprits of an overflow).
  var all = doc.body.querySelectorAll('*'), culprits = [];
  for (var i = 0; i < all.length && culprits.length < 5; i++) {
    var el = all[i], r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= root.clientWidth + 1) continue;
    var p = el.parentElement, clipped = false;
    while (p && p !== doc.body) { var o = getComputedStyle(p).overflowX; if (o !== 'visible') { clipped = true; break; } p = p.parentElement; }
    if (!clipped) culprits.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + '@' + Math.round(r.right));
  }
  out.push('culprits=' + (culprits.join(',') || 'none'));
  // Figures' own scrolling (outside closed <details>): at desktop width none should need it.
  var sc = doc.querySelectorAll('.scroll'), inner = [];
  for (var j = 0; j < sc.length; j++) { if (sc[j].closest('details:not([open])')) continue; if (sc[j].scrollWidth > sc[j].clientWidth + 1) inner.push(sc[j].scrollWidth + '/' + sc[j].clientWidth); }
  out.push('scrolling=' + (inner.join(',') || 'none'));
  var pre = document.createElement('pre'); pre.id = 'layout-probe'; pre.textContent = out.join(' '); document.body.appendChild(pre);
}
</script>"""
open(probe, "w", encoding="utf-8").write(
    "<!DOCTYPE html><html><head><meta charset='utf-8'>" + script + "</head><body style='margin:0'>"
    + f"<iframe style='width:{width}px;height:2000px;border:0;display:block' onload='measure(this)' srcdoc=\"{html.escape(src, quote=True)}\"></iframe>"
    + "</body></html>")
PY
}

status=0
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "check-html-report: $f: no such file" >&2; status=1; continue; }
  abs=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
  name=$(basename "$f" .html)

  for width in 390 1280; do
    # Layout: no horizontal overflow at either width; no figure scrolling sideways at desktop width.
    probe="$OUT_DIR/$name-probe-$width.html"
    make_probe "$abs" "$width" "$probe"
    window=$(( width < 500 ? 500 : width ))
    line=$(chrome --window-size=$window,2000 --virtual-time-budget=5000 --dump-dom "file://$probe" | grep -o '<pre id="layout-probe">[^<]*' | sed 's/<pre id="layout-probe">//' || true)
    if [ -z "$line" ]; then echo "check-html-report: $f at $width px: the layout probe did not run" >&2; status=1; continue; fi
    echo "$f at $width px: $line"
    read -r cw sw <<<"$(sed -E 's/^width=([0-9]+) scrollWidth=([0-9]+).*/\1 \2/' <<<"$line")"
    if [ "$sw" -gt $(( cw + 1 )) ]; then echo "check-html-report: $f overflows sideways at $width px ($sw > $cw px)" >&2; status=1; fi
    if [ "$width" -ge 1280 ] && ! grep -q 'scrolling=none' <<<"$line"; then
      echo "check-html-report: $f at $width px: a figure needs horizontal scrolling" >&2; status=1
    fi
    # Screenshot: not blank (at 390 px, of the probe page: the frame is the page at that width).
    png="$OUT_DIR/$name-$width.png"
    rm -f "$png"
    if [ "$width" -lt 500 ]; then target="file://$probe"; else target="file://$abs"; fi
    chrome --window-size=$window,2000 --virtual-time-budget=5000 --screenshot="$png" "$target" >/dev/null || true
    if [ ! -s "$png" ]; then echo "check-html-report: $f: chromium made no screenshot at $width px" >&2; status=1; continue; fi
    check_png "$png" || status=1
  done

  # Print: a sensible number of pages, none blank.
  pdf="$OUT_DIR/$name.pdf"
  rm -f "$pdf" "$OUT_DIR/$name-page"-*.pgm
  chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$abs" >/dev/null || true
  if [ ! -s "$pdf" ]; then echo "check-html-report: $f: chromium made no PDF" >&2; status=1; continue; fi
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  echo "$pdf: $pages pages"
  if [ "${pages:-0}" -lt 1 ] || [ "$pages" -gt "$MAX_PAGES" ]; then
    echo "check-html-report: $f prints on $pages pages (expected 1 to $MAX_PAGES)" >&2; status=1
  fi
  pdftoppm -r 24 -gray "$pdf" "$OUT_DIR/$name-page"
  python3 - "$OUT_DIR/$name-page"-*.pgm <<'PY' || status=1
import sys
bad = 0
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    # Binary PGM: "P5", width, height, maxval, then one byte per pixel.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace(): pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1; continue
        end = pos
        while not data[end:end + 1].isspace(): end += 1
        fields.append(data[pos:end]); pos = end
    pixels = data[pos + 1:]
    inked = sum(1 for p in pixels if p < 200) / max(1, len(pixels))
    if inked < 0.003:
        print(f"check-html-report: {path}: a blank printed page ({inked:.2%} inked)", file=sys.stderr); bad += 1
print(f"{len(sys.argv) - 1} printed pages checked, {bad} blank")
sys.exit(1 if bad else 0)
PY
done
# The handout: at most 2 printed pages, and an apply link in what Chromium renders.
if [ -n "${HANDOUT:-}" ]; then
  pages=$(pdfinfo "$OUT_DIR/handout.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "handout: ${pages:-?} printed pages"
  if [ -z "$pages" ] || [ "$pages" -gt 2 ]; then echo "check-html-report: the handout prints on ${pages:-?} pages (at most 2)" >&2; status=1; fi
  if chrome --dump-dom "file://$HANDOUT" | grep '<a class="apply" href="http[^"]*"[^>]*>Postuler</a>' >/dev/null; then
    echo "handout: apply link present"
  else
    echo "check-html-report: the handout has no \"Postuler\" link to an http(s) address" >&2; status=1
  fi
fi

# French pages: no English UI string in the rendered text (quotes, posting titles, ids and lang="en" parts left out).
for f in "${FRENCH_PAGES[@]}"; do
  chrome --dump-dom "file://$f" > "$OUT_DIR/dom.html" || true
  python3 - "$f" "$OUT_DIR/dom.html" <<'PY' || status=1
import re, sys
from html.parser import HTMLParser
SKIP = {"blockquote", "q", "script", "style", "mark"}
SKIP_CLASSES = {"ptitle", "stitle", "pid", "qid", "place", "ctitle", "chip"}
VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "col", "source"}
ENGLISH = ["Ranked matches", "Shared competencies", "Missing competencies", "Languages", "Language fit", "Why these matches",
           "Report of", "Model:", "postings", "Posting", "Apply", "Details:", "too little evidence", "Terms carrying", "What makes the score",
           "Heat map", "Competencies", "No match", "posted ", "Contract:", "Salary:", "Similar", "similarity", "language factor",
           "Made offline", "not found", "Shortlist", "candidates scored", "desirable", "The figure's data"]
WORDS = {"strong", "weak", "met", "unmet", "partly met", "Fit"}
class Text(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.parts = []; self.labels = []; self.title = ""
    def handle_starttag(self, tag, attrs):
        if tag in VOID: return
        a = dict(attrs); classes = set((a.get("class") or "").split())
        skip = tag in SKIP or a.get("lang") == "en" or bool(classes & SKIP_CLASSES) or (self.stack and self.stack[-1][1])
        self.stack.append((tag, skip, classes))
    def handle_endtag(self, tag):
        if tag in VOID: return
        while self.stack:
            t = self.stack.pop()
            if t[0] == tag: break
    def handle_data(self, data):
        if self.stack and self.stack[-1][1]: return
        if self.stack and self.stack[-1][0] == "title": self.title += data
        self.parts.append(data)
        if self.stack and self.stack[-1][2] & {"label", "fit"} or (self.stack and self.stack[-1][0] == "th"): self.labels.append(data.strip())
page, dom = sys.argv[1], sys.argv[2]
p = Text(); p.feed(open(dom, encoding="utf-8").read())
text = " ".join(p.parts)
found = [w for w in ENGLISH if w in text] + [w for w in p.labels if w in WORDS]
if found:
    print(f"check-html-report: {page}: English UI strings on a French page: {sorted(set(found))}", file=sys.stderr); sys.exit(1)
print(f"{page}: no English UI string (title: {p.title.strip()!r})")
PY
done
echo "screenshots, PDFs and page images in $OUT_DIR"
exit $status
