#!/usr/bin/env python3
"""Helper of scripts/benchmarks/bench-analyzer.

  bench_analyzer.py generate FILE [MEGABYTES]   deterministic French posting-like corpus (seeded)
  bench_analyzer.py sklearn FILE                scikit-learn analyzer throughput on the same documents

Documents are separated by form feeds; every document is a posting of a few paragraphs with accents,
elisions, inclusive forms, compounds and the field's phrases, plus some English paragraphs.
"""
import random
import sys
import time

ROLES = ["chargé·e de projet", "chef(fe) de projet", "médiateur·rice culturel·le", "agent.e de mobilisation",
         "coordonnateur/trice", "designer/designeuse de services", "chercheur·euse", "conseiller·ère en innovation",
         "animateur·rice territorial·e", "directeur·rice", "responsable de la participation citoyenne"]
ORGS = ["la Métropole", "l’association", "le Collège des Transitions Écologiques", "la Ville de Montréal",
        "le Lab’ de la Région", "l'équipe d'innovation publique", "notre coopérative", "le centre social"]
VERBS = ["accompagner", "piloter", "animer", "co-construire", "concevoir", "coordonner", "faciliter", "évaluer",
         "mobiliser", "développer", "structurer", "valoriser", "documenter", "impulser"]
OBJECTS = ["des démarches de participation citoyenne", "les projets d’innovation sociale", "le design de services",
           "des ateliers d'intelligence collective", "la médiation culturelle auprès des publics",
           "la gestion de projets complexes", "les parties prenantes du territoire", "la transition écologique",
           "une démarche de recherche-action", "des politiques publiques plus inclusives", "la co-construction des usages",
           "l’expérience utilisateur des services numériques", "la mobilisation communautaire", "un living lab",
           "le développement durable des quartiers", "des dispositifs de concertation", "l'évaluation des actions"]
WITH = ["avec les habitant·e·s", "auprès des élu.e.s", "en lien avec les partenaires", "avec les usager·ère·s",
        "aux côtés des acteurs et actrices locaux", "en binôme avec un·e collègue", "pour tou.te.s les publics",
        "dans le respect de l’équité", "avec les médiateurs/trices de l’équipe"]
QUALITIES = ["curieux·se", "rigoureux(se)", "créatif·ve", "autonome", "à l’écoute", "organisé.e", "polyvalent(e)",
             "motivé·e par l’intérêt général", "sensible aux enjeux sociaux", "à l'aise à l’oral comme à l’écrit"]
EN = ["We are looking for a service designer who can lead user research with residents and partners.",
      "You will facilitate community organizing workshops and report on what people tell us.",
      "Experience with design thinking, participatory design and public policy is an asset.",
      "The role involves stakeholder engagement across departments and with local organizations."]


def sentence(r):
    k = r.random()
    if k < 0.35:
        return f"Le ou la {r.choice(ROLES)} aura pour mission d’{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(WITH)}."
    if k < 0.6:
        return f"Vous serez chargé(e) de {r.choice(VERBS)} et de {r.choice(VERBS)} {r.choice(OBJECTS)}, c’est-à-dire {r.choice(OBJECTS)}."
    if k < 0.8:
        return f"Nous recherchons une personne {r.choice(QUALITIES)}, {r.choice(QUALITIES)} et {r.choice(QUALITIES)}, qui saura {r.choice(VERBS)} {r.choice(OBJECTS)}."
    if k < 0.93:
        return f"Au sein de {r.choice(ORGS)}, l’équipe souhaite {r.choice(VERBS)} {r.choice(OBJECTS)} – notamment {r.choice(OBJECTS)}…"
    return f"« {r.choice(OBJECTS).capitalize()} » : {r.choice(ORGS)} recrute un·e {r.choice(ROLES)} en CDI (temps plein, 35\u00a0h)."


def document(r):
    paras = []
    for _ in range(r.randint(4, 9)):
        if r.random() < 0.08:
            paras.append(" ".join(r.choice(EN) for _ in range(r.randint(2, 4))))
        elif r.random() < 0.3:
            paras.append("\n".join("• " + sentence(r) for _ in range(r.randint(2, 5))))
        else:
            paras.append(" ".join(sentence(r) for _ in range(r.randint(2, 6))))
    return "\n\n".join(paras)


def generate(path, megabytes):
    r = random.Random(20241104)
    target = int(megabytes * 1_000_000)
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        while size < target:
            d = document(r) + "\n\f\n"
            out.write(d)
            size += len(d.encode("utf-8"))


def sklearn_bench(path, repeats=3):
    from sklearn.feature_extraction.text import TfidfVectorizer
    docs = [d for d in open(path, encoding="utf-8").read().split("\f") if d.strip()]
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    for name, an in [("sklearn-default", TfidfVectorizer().build_analyzer()),
                     ("sklearn-strip-accents", TfidfVectorizer(strip_accents="unicode").build_analyzer())]:
        best = float("inf")
        n = 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            n = 0
            for d in docs:
                n += len(an(d))
            best = min(best, time.perf_counter() - t0)
        print(f"{name}: {len(docs)} documents, {nbytes / 1e6:.1f} MB, {n} terms, {best:.3f} s, {nbytes / 1e6 / best:.1f} MB/s")
        print(f"RESULT {name} {nbytes / 1e6 / best:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 50)
    elif sys.argv[1] == "sklearn":
        sklearn_bench(sys.argv[2])
    else:
        sys.exit(__doc__)
