import XCTest
@testable import PasserelleApp

/// The French catalogue of notices: each pattern against the sentence its caller writes (copied from the
/// call's format), the program prefix kept, unknown lines left alone.
final class FrenchNoticesTests: XCTestCase {
    func testEachNoticeOfTheCatalogueComesOutInFrench() {
        let cases: [(String, String)] = [
            ("passerelle: building the default model from /p/Data/postings (cached in /p/Models/postings.plm)",
             "passerelle: construction du modèle par défaut à partir de /p/Data/postings (gardé dans /p/Models/postings.plm)"),
            ("passerelle: Data/postings changed since Models/postings.plm was built; rebuilding it",
             "passerelle: Data/postings a changé depuis la construction de Models/postings.plm : reconstruction"),
            ("passerelle: waiting for another passerelle changing m.plm (m.plm.lock)", "passerelle: attente d'un autre passerelle qui modifie m.plm (m.plm.lock)"),
            ("passerelle: reading the text from the terminal; end it with Ctrl-D", "passerelle: lecture du texte au terminal ; terminez-le par Ctrl-D"),
            ("passerelle: competencies.tsv: the build tree copy, /w/Data/competencies.tsv", "passerelle: competencies.tsv : la copie de l'arbre de compilation, /w/Data/competencies.tsv"),
            ("passerelle: competencies.tsv: the project copy, /w/Data/competencies.tsv", "passerelle: competencies.tsv : la copie du projet, /w/Data/competencies.tsv"),
            ("passerelle: [0.4 s] reading the postings…", "passerelle: [0.4 s] lecture des offres…"),
            ("passerelle: [2.1 s] analyzing 120 postings, TF-IDF, then the SVD (k = 200)…", "passerelle: [2.1 s] analyse de 120 offres, TF-IDF, puis la SVD (k = 200)…"),
            ("passerelle: [8.2 s] profiling 120 postings for explanations…", "passerelle: [8.2 s] profils d'explication de 120 offres…"),
            ("passerelle: [9.0 s] writing my.plm…", "passerelle: [9.0 s] écriture de my.plm…"),
            ("passerelle: [7.5 s] TF-IDF, then the SVD (k = 200)…", "passerelle: [7.5 s] TF-IDF, puis la SVD (k = 200)…"),
            ("passerelle: indexed 120 postings, 3021 terms, k = 53 (61.2% of the variance) in 9.52 s → my.plm",
             "passerelle: 120 offres indexées, 3021 termes, k = 53 (61.2 % de la variance) en 9.52 s → my.plm"),
            ("passerelle: added 2 postings to m.plm (122 in all; 3.5% of added terms unseen)",
             "passerelle: 2 offre(s) ajoutée(s) à m.plm (122 en tout ; 3.5 % des termes ajoutés inconnus du modèle)"),
            ("passerelle: removed 1 posting from m.plm (121 left)", "passerelle: 1 offre(s) retirée(s) de m.plm (121 restantes)"),
            ("passerelle: 3 candidates not scored (too little text), 1 invalid record skipped",
             "passerelle: 3 candidat(s) sans score (trop peu de texte), 1 enregistrement(s) invalide(s) ignoré(s)"),
            ("passerelle batch: 40 candidates scored against 120 postings in 3.2 s → out.jsonl",
             "passerelle batch: 40 candidat(s) classé(s) face à 120 offres en 3.2 s → out.jsonl"),
            ("passerelle batch: 1 candidate scored against 120 postings in 0.2 s → standard output",
             "passerelle batch: 1 candidat(s) classé(s) face à 120 offres en 0.2 s → sortie standard"),
            ("passerelle: warning: cv.txt: not valid UTF-8; read as Windows-1252 (Latin-1)",
             "passerelle: attention : cv.txt : pas de l'UTF-8 valide ; lu comme Windows-1252 (Latin-1)"),
            ("passerelle: serving on http://127.0.0.1:8080/ (API: /openapi.json; Ctrl-C stops)",
             "passerelle: en service sur http://127.0.0.1:8080/ (API : /openapi.json ; Ctrl-C l'arrête)"),
        ]
        for (english, french) in cases { XCTAssertEqual(FrenchNotices.translate(english), french) }
    }

    func testAnUnknownLineIsKept() {
        XCTAssertEqual(FrenchNotices.translate("passerelle: something new"), "passerelle: something new")
        XCTAssertEqual(FrenchNotices.translate("{\"read\": 0.1}"), "{\"read\": 0.1}")
    }
}
