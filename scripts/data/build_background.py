#!/usr/bin/env python3
"""Builds the background texts of the default model: public texts of the field that `passerelle index`
fits together with the user's postings, so that the latent space is learned from more text than a few
hundred postings show (which job titles go with which role, which skill names are synonyms, which English
skill words go with which French ones).

Credits: ROME v3.47 (France Travail open data, Licence Ouverte / Etalab 2.0); ESCO v1.1.1 skills ("This
service uses the ESCO classification of the European Commission"). ESCO *occupations* are never read.

Documents (JSON Lines, {"id", "title", "text"}), deterministic order:
  appellations  one per ROME fiche: its name, then every job title (appellation) filed under it
  competences   one per ROME fiche: its name, then the labels of its competences (savoirs, savoir-faire)
  skills        one per ESCO skill: French preferred and alternative labels, then the English ones and the
                English description (a bilingual document: English and French words co-occur)

Usage: build_background.py ROME_DIR ESCO_DIR OUT.jsonl [--parts appellations,competences,skills]
"""
import csv, json, sys

def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--parts")]
    parts = {"appellations", "competences", "skills"}
    for a in sys.argv[1:]:
        if a.startswith("--parts="): parts = set(a.split("=", 1)[1].split(","))
    rome, esco, out = args
    docs = []
    fiches = {r["code_rome"]: r["libelle_rome"] for r in rows(f"{rome}/metiers.csv")}
    if "appellations" in parts:
        titles = {}
        for r in rows(f"{rome}/unix_referentiel_appellation_v347_utf8.csv"):
            titles.setdefault(r["code_rome"], []).append(r["libelle_appellation_long"].strip())
        for code in sorted(titles):
            if code in fiches:
                docs.append({"id": f"rome-appellations-{code}", "title": fiches[code], "text": "\n".join([fiches[code]] + sorted(set(titles[code])))})
    if "competences" in parts:
        labels = {r["code_ogr"]: r["libelle"].strip() for r in rows(f"{rome}/competences.csv")}
        per = {}
        for r in rows(f"{rome}/unix_coherence_item_v347_utf8.csv"):
            if r["code_ogr"] in labels: per.setdefault(r["code_rome"], set()).add(labels[r["code_ogr"]])
        for code in sorted(per):
            if code in fiches:
                docs.append({"id": f"rome-competences-{code}", "title": fiches[code], "text": "\n".join([fiches[code]] + sorted(per[code]))})
    if "skills" in parts:
        fr = {r["conceptUri"]: r for r in rows(f"{esco}/skills_fr_labels.csv")}
        for r in sorted(rows(f"{esco}/skills_en.csv"), key=lambda r: r["conceptUri"]):
            f = fr.get(r["conceptUri"])
            if f is None: continue
            lines = [f["preferredLabel"]] + [x for x in f["altLabels"].split("\n") if x.strip()]
            lines += [r["preferredLabel"]] + [x for x in r["altLabels"].split("\n") if x.strip()]
            if r["description"].strip(): lines.append(r["description"].strip())
            docs.append({"id": "esco-skill-" + r["conceptUri"].rsplit("/", 1)[1], "title": f["preferredLabel"],
                         "text": "\n".join(x.strip() for x in lines)})
    with open(out, "w", encoding="utf-8") as o:
        for d in docs: o.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"build_background: {len(docs)} documents → {out}", file=sys.stderr)

main()
