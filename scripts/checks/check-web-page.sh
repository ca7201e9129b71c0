#!/usr/bin/env bash
# Drives the counsellors' page of `passerelle serve` in headless Chromium, as a person would: opens it,
# puts a CV file in its file input, submits, waits for the ranked list, opens the first match's similar
# roles and comes back to the ranking, checks the French page shows no English UI string, filters by the
# location field, checks the English page's similar postings open an English report, and saves screenshots (desktop 1280 px and phone 390 px) in $OUT_DIR. Fails when a step fails.
#   scripts/checks/check-web-page.sh                 # builds (debug) unless $B names a passerelle binary
# Needs Debian's `chromium` (scripts/test.sh installs it when it can) and python3 (standard library only:
# the DevTools protocol is spoken over a WebSocket written here). Exit 2: chromium not found.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "check-web-page: chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/passerelle-web-check.XXXXXX)}
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d /tmp/passerelle-web-work.XXXXXX)
SERVER_PID="" KEYED_PID="" CHROME_PID=""
# Chromium runs in a process group of its own (setsid): its helpers (renderer, crash handler) can outlive the
# main process for a moment and still write into the profile, so the whole group is stopped, then the folder
# removed, retried for a few seconds (stop 33's second CI run failed on `rm: … profile/Default: Directory not
# empty` after every check had passed). The cleanup never changes the script's own exit status.
cleanup() {
  local status=$?
  [ -n "$CHROME_PID" ] && kill -- "-$CHROME_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$KEYED_PID" ] && kill "$KEYED_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -n "$CHROME_PID" ] && pgrep -g "$CHROME_PID" >/dev/null 2>&1 && { kill -9 -- "-$CHROME_PID" 2>/dev/null || true; sleep 0.1; continue; }
    rm -rf "$WORK" 2>/dev/null && break
    sleep 0.1
  done
  [ ! -e "$WORK" ] || echo "check-web-page: could not remove $WORK (left behind)" >&2
  exit "$status"
}
trap cleanup EXIT

if [ -z "${B:-}" ]; then
  swift build --product passerelle >&2
  B=.build/debug/passerelle
fi
MODEL="$WORK/postings.plm"
"$B" index Data/postings --out "$MODEL" >&2

# port_of LOG PID WHAT: the port a server started in the background says it bound (in LOG), waiting up
# to 60 s; fails naming WHAT when the server dies or never says it.
port_of() {
  local port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$1" | sed -n 1p)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; echo "check-web-page: $3 did not start" >&2; return 1; }
    sleep 0.1
  done
  echo "check-web-page: $3 did not say its port" >&2
  return 1
}

# The server on a free port of 127.0.0.1, and a second one with an API key (a key is never on the command
# line: the environment or a keys file).
"$B" serve --model "$MODEL" --port 0 2> "$WORK/server.log" &
SERVER_PID=$!
PORT=$(port_of "$WORK/server.log" "$SERVER_PID" "the server")
PASSERELLE_API_KEYS="read:page-check-key-0123456789" "$B" serve --model "$MODEL" --port 0 2> "$WORK/keyed.log" &
KEYED_PID=$!
KEYED_PORT=$(port_of "$WORK/keyed.log" "$KEYED_PID" "the server with a key")

# Headless Chromium with the DevTools protocol on a free port (--no-sandbox: root in a container), in a process
# group of its own (setsid: the group's id is its pid) so that the cleanup stops its helpers too.
setsid "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check \
  --user-data-dir="$WORK/profile" --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 about:blank \
  2> "$WORK/chromium.log" &
CHROME_PID=$!
WS=""
for _ in $(seq 1 300); do
  WS=$(sed -n 's|^DevTools listening on \(ws://.*\)$|\1|p' "$WORK/chromium.log" | sed -n 1p)
  [ -n "$WS" ] && break
  kill -0 "$CHROME_PID" 2>/dev/null || { cat "$WORK/chromium.log" >&2; echo "check-web-page: chromium did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$WS" ] || { echo "check-web-page: chromium did not open its DevTools port" >&2; exit 1; }

python3 - "$WS" "http://127.0.0.1:$PORT/" "$(pwd)/Data/candidates/cv-fr-mediation.txt" "$OUT_DIR" "http://127.0.0.1:$KEYED_PORT/" <<'PY'
import base64, json, os, socket, struct, sys, time, urllib.parse

ws_url, page_url, cv_path, out_dir = sys.argv[1:5]

class WebSocket:
    """A minimal WebSocket client (RFC 6455): text frames, masked as a client must, fragments joined."""
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk: raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]: raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))
    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk: raise RuntimeError("websocket closed")
            data += chunk
        return data
    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        n = len(payload)
        header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126: n = struct.unpack(">H", self._read(2))[0]
            elif n == 127: n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x8: raise RuntimeError("websocket closed by chromium")
            if opcode in (0x9, 0xA): continue
            message += payload
            if b0 & 0x80: return message.decode()

class Browser:
    def __init__(self, url):
        self.ws, self.next_id, self.session = WebSocket(url), 0, None
    def call(self, method, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if self.session: message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply: raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result: raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")
    def wait_for(self, expression, what, seconds=120):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression): return
            time.sleep(0.2)
        status = self.evaluate("document.getElementById('status') ? document.getElementById('status').textContent : ''")
        raise RuntimeError(f"timed out waiting for {what} (status line: {status!r})")
    def screenshot(self, name, width, height):
        """The whole page (NAME) and its first screen (NAME with -top), at this width."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 500)
        time.sleep(0.3)
        self.evaluate("window.scrollTo(0, 0); true")
        top = self.call("Page.captureScreenshot", format="png")["data"]
        with open(os.path.join(out_dir, name.replace(".png", "-top.png")), "wb") as f: f.write(base64.b64decode(top))
        full = self.evaluate("Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=min(int(full), 12000), deviceScaleFactor=1, mobile=width < 500)
        time.sleep(0.3)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = os.path.join(out_dir, name)
        with open(path, "wb") as f: f.write(base64.b64decode(data))
        print(f"check-web-page: screenshot {path} ({width} px wide)")
        return path

browser = Browser(ws_url)
target = browser.call("Target.createTarget", url="about:blank")["targetId"]
browser.session = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
for domain in ("Page", "Runtime", "DOM"): browser.call(f"{domain}.enable")
browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
# A French-speaking counsellor's browser (headless Chromium asks for English by default).
browser.call("Network.enable")
browser.call("Network.setExtraHTTPHeaders", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
browser.call("Page.navigate", url=page_url)
browser.wait_for("document.readyState === 'complete' && !!document.getElementById('file')", "the page")
lang = browser.evaluate("document.documentElement.lang")
assert lang == "fr", lang
external = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin))")
assert not external, f"the page loaded resources from elsewhere: {external}"

# Put the CV in the file input (as a drop or a click would), submit.
root = browser.call("DOM.getDocument")["root"]["nodeId"]
node = browser.call("DOM.querySelector", nodeId=root, selector="#file")["nodeId"]
browser.call("DOM.setFileInputFiles", files=[cv_path], nodeId=node)
browser.evaluate("document.getElementById('file').dispatchEvent(new Event('change')); document.getElementById('go').click(); true")
browser.wait_for("document.querySelectorAll('#results table.matches tbody tr').length > 0", "the ranked list")
rows = browser.evaluate("document.querySelectorAll('#results table.matches tbody tr').length")
first = browser.evaluate("document.querySelector('#results table.matches td.posting .ptitle').textContent")
shared = browser.evaluate("document.querySelectorAll('#results .chip.shared').length")
quotes = browser.evaluate("document.querySelectorAll('#results blockquote').length")
status = browser.evaluate("document.getElementById('status').textContent")
print(f"check-web-page: {rows} postings ranked, first: {first!r}; {shared} shared-competency chips, {quotes} quotes; status {status!r}")
assert rows >= 5, rows
assert shared > 0 and quotes > 0, (shared, quotes)
desktop = browser.screenshot("page-rank-1280.png", 1280, 900)
phone = browser.screenshot("page-rank-390.png", 390, 844)
# Mobile emulation zooms a page out to fit what overflows, so the check is on the content's width.
overflow = browser.evaluate("document.documentElement.scrollWidth - 390")
if overflow > 1:
    wide = browser.evaluate("""Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > 391)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 40))""")
    raise AssertionError(f"at 390 px the page is {overflow} px wider than the screen: {wide}")

# One posting's similar roles.
browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
browser.evaluate("document.querySelector('#results button.similar').click(); true")
browser.wait_for("(document.querySelector('#results h1') || {}).textContent && /similar|semblable/i.test(document.querySelector('#results h1').textContent) && document.querySelectorAll('#results table.matches tbody tr').length > 0", "the similar roles")
print("check-web-page: similar roles:", browser.evaluate("document.querySelector('#results h1').textContent"))
browser.screenshot("page-similar-1280.png", 1280, 900)

# A way back to the ranking.
browser.wait_for("!!document.querySelector('#results button.back')", "the back-to-the-ranking button")
browser.evaluate("document.querySelector('#results button.back').click(); true")
browser.wait_for("!/similar|semblable/i.test(document.querySelector('#results h1').textContent) && document.querySelectorAll('#results table.matches tbody tr').length > 0", "the ranking again")
print("check-web-page: back to:", browser.evaluate("document.querySelector('#results h1').textContent"))

# The page and the report in the page speak French only: no English UI string in the rendered text
# (quotes, posting titles, ids, competency chips and lang="en" parts left out).
ENGLISH = ["Ranked matches", "Shared competencies", "Missing competencies", "Languages", "Language fit", "Why these matches",
           "Report of", "Model:", "postings", "Apply", "Details:", "too little evidence", "Terms carrying", "What makes the score",
           "Heat map", "No match", "Contract:", "Salary:", "Similar postings", "similarity", "Back to", "Rank the", "Number of",
           "Filters", "Location contains", "Employer", "Error:", "Made offline", "not found", "desirable"]
if True:
    text = browser.evaluate("""(() => { const c = document.body.cloneNode(true);
        for (const e of c.querySelectorAll('[lang=en], blockquote, q, .ptitle, .stitle, .pid, .qid, .place, .chip, script, style, .api')) e.remove();
        return c.textContent; })()""")
    found = [w for w in ENGLISH if w in text]
    assert not found, f"English UI strings on the French page: {found}"
    print("check-web-page: no English UI string on the French page")
# Filters are fields (one per key the model's postings have), not a KEY~TEXT box.
fields = browser.evaluate("Array.from(document.querySelectorAll('input.filter')).map(e => e.dataset.key + e.dataset.op)")
print("check-web-page: filter fields:", fields)
assert "location~" in fields and "organization~" in fields, fields
assert "date>=" not in fields, "a date field on a model whose postings have no date"
browser.evaluate("document.getElementById('results').replaceChildren(); document.getElementById('f-location').value = 'montreal'; document.getElementById('go').click(); true")
browser.wait_for("(() => { const p = Array.from(document.querySelectorAll('#results table.matches td.posting .place')).map(e => e.textContent); return p.length > 0 && p.every(t => /montr/i.test(t)); })()", "the filtered ranking")
places = browser.evaluate("Array.from(document.querySelectorAll('#results table.matches td.posting .place')).map(e => e.textContent)")
assert places and all("montr" in p.lower() for p in places), places
print(f"check-web-page: filtered by location: {len(places)} postings, all in Montréal")
browser.evaluate("document.getElementById('f-location').value = ''; true")

# The English page: its similar postings open an English report, whatever the posting's language.
browser.call("Network.setExtraHTTPHeaders", headers={"Accept-Language": "en"})
browser.call("Page.navigate", url=page_url)
browser.wait_for("document.readyState === 'complete' && document.documentElement.lang === 'en' && !!document.getElementById('file')", "the English page")
root = browser.call("DOM.getDocument")["root"]["nodeId"]
node = browser.call("DOM.querySelector", nodeId=root, selector="#file")["nodeId"]
browser.call("DOM.setFileInputFiles", files=[cv_path], nodeId=node)
browser.evaluate("document.getElementById('file').dispatchEvent(new Event('change')); document.getElementById('go').click(); true")
browser.wait_for("document.querySelectorAll('#results table.matches tbody tr').length > 0", "the English ranking")
assert browser.evaluate("/^Postings for/.test(document.querySelector('#results h1').textContent)"), browser.evaluate("document.querySelector('#results h1').textContent")
browser.evaluate("document.querySelector('#results button.similar').click(); true")
browser.wait_for("/^Postings similar to/.test((document.querySelector('#results h1') || {}).textContent || '')", "an English similar report")
print("check-web-page: English page, similar:", browser.evaluate("document.querySelector('#results h1').textContent"))
browser.call("Network.setExtraHTTPHeaders", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
browser.call("Page.navigate", url=page_url)
browser.wait_for("document.readyState === 'complete' && !!document.getElementById('file')", "the page again")

# A bad file is an error line on the page, not a blank page.
bad = os.path.join(out_dir, "cv.exe")
with open(bad, "wb") as f: f.write(b"MZ\x00\x01")
node = browser.call("DOM.querySelector", nodeId=browser.call("DOM.getDocument")["root"]["nodeId"], selector="#file")["nodeId"]
browser.call("DOM.setFileInputFiles", files=[bad], nodeId=node)
browser.evaluate("document.getElementById('go').click(); true")
browser.wait_for("document.getElementById('status').className === 'error'", "the error message")
bad_message = browser.evaluate("document.getElementById('status').textContent")
print("check-web-page: bad upload:", bad_message)
assert "un CV doit être" in bad_message, f"the refusal of a bad upload is not in French: {bad_message}"
os.remove(bad)

# The screenshots are not blank: many colours, a fair share of non-white pixels (checked by Chromium
# itself: the PNG is drawn on a canvas).
for path in (desktop, phone):
    data = base64.b64encode(open(path, "rb").read()).decode()
    stats = browser.evaluate("""new Promise(resolve => { const img = new Image(); img.onload = () => {
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set(); let dark = 0, n = 0;
        for (let i = 0; i < d.length; i += 4 * 7) { n++; colours.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); if (Math.min(d[i], d[i + 1], d[i + 2]) < 235) dark++; }
        resolve([img.width, img.height, colours.size, dark / n]); }; img.src = 'data:image/png;base64,""" + data + """'; })""")
    print(f"check-web-page: {os.path.basename(path)}: {stats[0]}x{stats[1]}, {stats[2]} colours, {stats[3]:.1%} not near-white")
    assert stats[2] >= 16 and stats[3] >= 0.02, f"{path} looks blank"
# A server with API keys: the page shows its key field; without the key the ranking is refused with a
# line saying what to do; with it typed in, the ranking comes. The key is not in the page's HTML.
keyed_url = sys.argv[5]
browser.call("Page.navigate", url=keyed_url)
browser.wait_for("document.readyState === 'complete' && !!document.getElementById('file')", "the page of the server with a key")
assert browser.evaluate("!document.getElementById('keybox').hidden"), "the key field is hidden on a server with keys"
assert not browser.evaluate("document.documentElement.outerHTML.includes('page-check-key')"), "the key is in the page"
browser.evaluate("document.getElementById('text').value = 'Médiatrice culturelle : ateliers, animation de publics, partenariats avec les bibliothèques et les écoles.'; document.getElementById('go').click(); true")
browser.wait_for("document.getElementById('status').className === 'error'", "the refusal without a key")
refusal = browser.evaluate("document.getElementById('status').textContent")
assert "clé d’API" in refusal, refusal
print("check-web-page: without a key:", refusal)
browser.evaluate("const k = document.getElementById('apikey'); k.value = 'page-check-key-0123456789'; k.dispatchEvent(new Event('change')); document.getElementById('go').click(); true")
browser.wait_for("document.querySelectorAll('#results table.matches tbody tr').length > 0", "the ranked list with the key")
print("check-web-page: with the key:", browser.evaluate("document.querySelectorAll('#results table.matches tbody tr').length"), "matches")
print("check-web-page: ok")
PY
echo "screenshots in $OUT_DIR"
