import Foundation

/// The counsellors' page at `/`: a form (drop a CV or paste its text) and a little script that posts it to
/// `POST /rank?format=html` and inserts the report the CLI's `--format html` renders (one renderer, not
/// two); each match gets a button that shows `GET /postings/{id}/similar?format=html` the same way, with a
/// button back to the ranking. Filters are fields (location, employer, contract, posted since, title), each
/// shown only when the model's postings have that key. Requests carry `lang`, so the reports and the
/// errors are in the page's language. French,
/// or English when the browser's Accept-Language prefers it. Self-contained: no request leaves the
/// server (inline style and script, system fonts), readable from 390 px wide, printable (the form hides).
enum Page {
    enum Language: String, Sendable { case fr, en }

    /// French unless the Accept-Language header ranks English above French (or names English and not French).
    static func language(acceptLanguage: String?) -> Language {
        guard let header = acceptLanguage else { return .fr }
        var best: (lang: Language, q: Double)? = nil
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let lang = Language(rawValue: primary) else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            if q > 0, best == nil || q > best!.q { best = (lang, q) }
        }
        return best?.lang ?? .fr
    }

    /// The filter fields the page offers, in order: (metadata key, comparison, input type). A field shows
    /// only when the model's postings have its key (`keys`), so no field can only ever find nothing.
    static let filterFields: [(key: String, comparison: String, type: String)] = [
        ("location", "~", "text"), ("organization", "~", "text"), ("contract", "~", "text"), ("date", ">=", "date"), ("title", "~", "text"),
    ]

    /// - Parameters:
    ///   - keys: the `--where` keys of the served model (`MatchService.filterKeys`).
    ///   - needsAPIKey: the server has API keys: the page shows a key field (a password field kept in the
    ///     tab's sessionStorage, never in the page or a cookie) and sends it as `Authorization: Bearer` with
    ///     every request. Without keys the field stays hidden, and shows itself if a request gets a 401.
    static func html(language: Language, keys: [String] = ["location", "organization", "title"], needsAPIKey: Bool = false) -> String {
        let t = language == .en ? english : french
        var fields = ""
        for field in filterFields where keys.contains(field.key) {
            let label = t["field-\(field.key)"] ?? field.key
            let hint = t["hint-\(field.key)"].map { " placeholder=\"\(escape($0))\"" } ?? ""
            fields += "<div><label class=\"field\" for=\"f-\(field.key)\">\(escape(label))</label>"
                + "<input type=\"\(field.type)\" id=\"f-\(field.key)\" class=\"filter\" data-key=\"\(field.key)\" data-op=\"\(escape(field.comparison))\"\(hint)></div>\n"
        }
        var page = template.replacingOccurrences(of: "{{filterFields}}", with: fields)
            .replacingOccurrences(of: "{{keyHidden}}", with: needsAPIKey ? "" : " hidden")
        for (key, value) in t { page = page.replacingOccurrences(of: "{{\(key)}}", with: escape(value)) }
        let messages = ["working", "done", "error", "empty", "similar", "similarTo", "file", "back", "backDone", "needKey"]
        let json = "{" + messages.map { "\"\($0)\": \"\(jsonEscape(t[$0] ?? ""))\"" }.joined(separator: ", ") + "}"
        return page.replacingOccurrences(of: "{{lang}}", with: language.rawValue).replacingOccurrences(of: "{{messages}}", with: json)
            .replacingOccurrences(of: "{{langParam}}", with: language.rawValue)
    }

    static let french: [String: String] = [
        "title": "Quelles offres pour ce CV ? — Passerelle",
        "heading": "Quelles offres pour ce CV ?",
        "intro": "Déposez un CV (.txt, .md, .html, .docx, .pdf) ou collez son texte : les offres sont classées avec les compétences communes et manquantes, les citations qui les justifient et les exigences linguistiques. Le CV n’est ni conservé ni journalisé.",
        "drop": "Déposez le CV ici, ou cliquez pour le choisir",
        "paste": "… ou collez le texte du CV",
        "top": "Nombre d’offres",
        "filters": "Filtres (facultatifs)",
        "field-location": "Lieu contient",
        "hint-location": "Montréal",
        "field-organization": "Employeur contient",
        "field-contract": "Contrat",
        "hint-contract": "CDI",
        "field-date": "Publiée depuis le",
        "field-title": "Intitulé contient",
        "ignore": "Ignorer les exigences linguistiques dans le classement",
        "submit": "Classer les offres",
        "working": "Classement en cours…",
        "done": "Offres classées.",
        "error": "Erreur : ",
        "empty": "Déposez un fichier ou collez un texte d’abord.",
        "similar": "Offres semblables",
        "similarTo": "Offres semblables affichées.",
        "back": "← Retour au classement",
        "backDone": "Classement affiché.",
        "apikey": "Clé d’API (ce serveur en demande une ; elle reste dans cet onglet)",
        "needKey": "Ce serveur demande une clé d’API valide : saisissez-la dans le champ « Clé d’API », puis relancez.",
        "file": "Fichier choisi : ",
        "noscript": "Cette page a besoin de JavaScript ; sans lui, utilisez l’API (voir /openapi.json).",
        "api": "API : /openapi.json",
    ]

    static let english: [String: String] = [
        "title": "Which postings for this CV? — Passerelle",
        "heading": "Which postings for this CV?",
        "intro": "Drop a CV (.txt, .md, .html, .docx, .pdf) or paste its text: postings are ranked with the shared and missing competencies, the quotes behind them and the language fit. The CV is neither kept nor logged.",
        "drop": "Drop the CV here, or click to choose it",
        "paste": "… or paste the CV’s text",
        "top": "Number of postings",
        "filters": "Filters (optional)",
        "field-location": "Location contains",
        "hint-location": "Montréal",
        "field-organization": "Employer contains",
        "field-contract": "Contract",
        "hint-contract": "CDI",
        "field-date": "Posted since",
        "field-title": "Title contains",
        "ignore": "Ignore language requirements in the ranking",
        "submit": "Rank the postings",
        "working": "Ranking…",
        "done": "Postings ranked.",
        "error": "Error: ",
        "empty": "Drop a file or paste a text first.",
        "similar": "Similar postings",
        "similarTo": "Similar postings shown.",
        "back": "← Back to the ranking",
        "backDone": "Ranking shown.",
        "apikey": "API key (this server asks for one; it stays in this tab)",
        "needKey": "This server needs a valid API key: enter it in the “API key” field, then try again.",
        "file": "Chosen file: ",
        "noscript": "This page needs JavaScript; without it, use the API (see /openapi.json).",
        "api": "API: /openapi.json",
    ]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func jsonEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "<", with: "\\u003c")
    }

    static let template = #"""
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}</title>
    <style>
    :root { --ink: #1d2330; --muted: #5a6574; --line: #d5dbe3; --bg: #f5f7fa; --accent: #0b5e6e; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--ink);
           font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
    .page-head { background: linear-gradient(120deg, #0b5e6e, #16405e); color: #fff; padding: 20px max(16px, calc(50% - 600px)); }
    .page-head h1 { margin: 2px 0 6px; font-size: 24px; }
    .page-head p { margin: 0; color: #e6f1f3; max-width: 60em; }
    .page-head .brand { text-transform: uppercase; letter-spacing: 0.14em; font-size: 12px; font-weight: 700; color: #bfe3ea; }
    .page-main { max-width: 1200px; margin: 0 auto; padding: 16px; }
    form.query { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin-bottom: 18px; }
    .drop { display: block; border: 2px dashed #7b8794; border-radius: 10px; padding: 22px 12px; text-align: center;
            cursor: pointer; color: var(--ink); font-weight: 600; background: #fbfcfd; }
    .drop.over { border-color: var(--accent); background: #e3f4f1; }
    .drop input { display: block; margin: 10px auto 0; max-width: 100%; font: inherit; }
    form.query label.field { display: block; font-weight: 600; margin: 12px 0 4px; }
    textarea, input[type=text], input[type=number] { width: 100%; font: inherit; color: var(--ink); background: #fff;
            border: 1px solid #7b8794; border-radius: 6px; padding: 8px; }
    input[type=number] { max-width: 8em; }
    .hint { color: var(--muted); font-size: 14px; margin: 4px 0 0; }
    .row { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-end; }
    .row > div { flex: 1 1 14em; }
    .check { display: flex; gap: 8px; align-items: center; margin: 14px 0 0; }
    button { font: inherit; font-weight: 600; border-radius: 6px; cursor: pointer; }
    button.go { background: var(--accent); color: #fff; border: 0; padding: 10px 20px; margin-top: 16px; }
    button.back { background: #fff; color: var(--accent); border: 1px solid var(--accent); padding: 6px 14px; margin: 0 0 12px; }
    fieldset.filters { border: 1px solid var(--line); border-radius: 8px; margin: 14px 0 0; padding: 4px 12px 12px; }
    fieldset.filters legend { font-weight: 600; padding: 0 4px; }
    input[type=date] { font: inherit; color: var(--ink); background: #fff; border: 1px solid #7b8794; border-radius: 6px; padding: 7px; }
    button.similar { background: #fff; color: var(--accent); border: 1px solid var(--accent); padding: 2px 8px; margin-top: 6px; font-size: 13px; }
    :focus-visible { outline: 3px solid #c2410c; outline-offset: 2px; }
    #status { min-height: 1.5em; margin: 10px 0 0; font-weight: 600; }
    #status.error { color: #9b2c24; }
    .api { color: var(--muted); font-size: 14px; }
    #results:focus { outline: none; }
    #results .grid > div { min-width: 0; }
    #results blockquote, #results q, #results .pid { overflow-wrap: anywhere; }
    @media (max-width: 640px) {
      #results table.matches, #results table.matches tbody, #results table.matches tr, #results table.matches td { display: block; width: auto !important; }
      #results table.matches thead { display: none; }
      #results table.matches tr { border-bottom: 2px solid var(--line); padding: 6px 0; }
      #results table.matches td { border: 0; padding: 3px 4px; }
      #results .card { padding: 12px; }
      #results header { padding: 16px; }
      #results table.langs, #results table.terms { table-layout: fixed; }
      #results td { overflow-wrap: anywhere; }
    }
    @media print {
      form.query, button.similar, button.back, #status, .api { display: none !important; }
      body { background: #fff; }
      .page-head { background: none; color: var(--ink); padding: 0 0 8px; }
      .page-head p, .page-head .brand { color: var(--ink); }
    }
    </style>
    </head>
    <body>
    <header class="page-head">
    <p class="brand">Passerelle</p>
    <h1>{{heading}}</h1>
    <p>{{intro}}</p>
    </header>
    <div class="page-main">
    <noscript><p>{{noscript}}</p></noscript>
    <form class="query" id="query" enctype="multipart/form-data">
    <label class="drop" id="drop">{{drop}}<input type="file" id="file" name="file" accept=".txt,.md,.markdown,.html,.htm,.docx,.pdf"></label>
    <label class="field" for="text">{{paste}}</label>
    <textarea id="text" name="text" rows="6"></textarea>
    <div class="row">
    <div><label class="field" for="top">{{top}}</label><input type="number" id="top" name="top" min="1" max="200" value="5"></div>
    </div>
    <fieldset class="filters"><legend>{{filters}}</legend>
    <div class="row">
    {{filterFields}}</div>
    </fieldset>
    <label class="check"><input type="checkbox" id="ignore" name="ignore_language_fit"> {{ignore}}</label>
    <div id="keybox"{{keyHidden}}><label class="field" for="apikey">{{apikey}}</label><input type="password" id="apikey" autocomplete="off" spellcheck="false"></div>
    <button class="go" type="submit" id="go">{{submit}}</button>
    <p id="status" role="status" aria-live="polite"></p>
    </form>
    <div id="results" tabindex="-1"></div>
    <p class="api">{{api}}</p>
    </div>
    <script>
    "use strict";
    {
    const T = {{messages}};
    const form = document.getElementById("query"), file = document.getElementById("file"), text = document.getElementById("text");
    const topInput = document.getElementById("top"), ignore = document.getElementById("ignore");
    const filters = Array.from(document.querySelectorAll("input.filter"));
    let ranking = null;   // the last ranking's report, shown again by "back"
    const drop = document.getElementById("drop"), statusLine = document.getElementById("status"), results = document.getElementById("results");
    // The API key, when the server has keys: kept in this tab only (sessionStorage), sent with every request.
    const keyBox = document.getElementById("keybox"), keyInput = document.getElementById("apikey");
    try { keyInput.value = sessionStorage.getItem("passerelle-api-key") || ""; } catch (_) {}
    keyInput.addEventListener("change", () => { try { sessionStorage.setItem("passerelle-api-key", keyInput.value.trim()); } catch (_) {} });
    function withKey(init) {
      const key = keyInput.value.trim();
      if (!key) return init;
      const headers = new Headers(init.headers || {});
      headers.set("Authorization", "Bearer " + key);
      return Object.assign({}, init, {headers: headers});
    }
    function say(message, isError) { statusLine.textContent = message; statusLine.className = isError ? "error" : ""; }
    function options(params) {
      params.set("top", topInput.value || "5");
      params.set("lang", "{{langParam}}");
      for (const f of filters) { const v = f.value.trim(); if (v) params.append("where", f.dataset.key + f.dataset.op + v); }
      if (ignore.checked) params.set("ignore_language_fit", "true");
      return params;
    }
    drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", e => {
      e.preventDefault(); drop.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) { file.files = e.dataTransfer.files; say(T.file + file.files[0].name); }
    });
    file.addEventListener("change", () => { if (file.files.length) say(T.file + file.files[0].name); });
    form.addEventListener("submit", e => {
      e.preventDefault();
      const body = new FormData();
      if (file.files.length) body.append("file", file.files[0], file.files[0].name);
      else if (text.value.trim()) body.append("text", text.value);
      else { say(T.empty, true); return; }
      show("/v1/rank?" + options(new URLSearchParams({format: "html"})), {method: "POST", body: body}, T.done, true);
    });
    async function show(url, init, doneMessage, isRanking) {
      say(T.working);
      try {
        const response = await fetch(url, withKey(init));
        const body = await response.text();
        if (response.status === 401) { keyBox.hidden = false; keyInput.focus(); say(T.needKey, true); return; }
        if (!response.ok) {
          let message = response.status + " " + response.statusText;
          try { message = JSON.parse(body).error || message; } catch (_) {}
          say(T.error + message, true); return;
        }
        if (isRanking) ranking = body;
        insert(body, !isRanking); say(doneMessage);
      } catch (err) { say(T.error + err.message, true); }
    }
    // The report is the CLI's HTML report (no script in it, every text escaped): its style and its
    // content go into the page; its <main> becomes a <div>, the page having its own.
    function insert(html, withBack) {
      const doc = new DOMParser().parseFromString(html, "text/html");
      results.replaceChildren();
      if (withBack && ranking) {
        const back = document.createElement("button");
        back.type = "button"; back.className = "back"; back.textContent = T.back;
        back.addEventListener("click", () => { insert(ranking, false); say(T.backDone); });
        results.append(back);
      }
      for (const style of doc.querySelectorAll("head style")) results.append(document.importNode(style, true));
      for (const node of Array.from(doc.body.children)) {
        let copy = document.importNode(node, true);
        if (copy.tagName === "MAIN") { const div = document.createElement("div"); div.className = "report-main"; div.append(...copy.childNodes); copy = div; }
        results.append(copy);
      }
      for (const pid of results.querySelectorAll("table.matches td.posting .pid")) {
        const id = pid.textContent, button = document.createElement("button");
        button.type = "button"; button.className = "similar"; button.textContent = T.similar;
        button.addEventListener("click", () => show("/v1/postings/" + encodeURIComponent(id) + "/similar?" + options(new URLSearchParams({format: "html"})), {}, T.similarTo, false));
        pid.after(button);
      }
      results.focus();
    }
    }
    </script>
    </body>
    </html>

    """#
}
