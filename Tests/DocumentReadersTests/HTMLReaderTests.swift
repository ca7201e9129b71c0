import XCTest
import PasserelleCore
@testable import DocumentReaders

final class HTMLReaderTests: ReaderTestCase {
    static let page = """
    <!DOCTYPE html>
    <html lang="fr-CA">
    <head>
      <meta charset="utf-8">
      <title>Chargé&middot;e de projet &ndash; Ville de Québec</title>
      <style>body { font-family: "Médiation"; } p > a { color: red }</style>
      <script>var x = "<p>pas du texte</p>"; if (a < b && c > d) { alert('non') }</script>
    </head>
    <body>
      <header><a href="/">Accueil</a> <span>Menu principal</span></header>
      <nav><ul><li>Emplois</li><li>Contact</li></ul></nav>
      <!-- commentaire <p>caché</p> -->
      <main>
        <h1>Chargé<br>de projet</h1>
        <p>Vous animerez des ateliers de <b>concertation</b>&nbsp;: habitants, élus &amp; associations.</p>
        <p>L&rsquo;équipe &laquo;&nbsp;participation&nbsp;&raquo; recrute&hellip; Salaire &#233;tabli &#xE9;galement &mdash; fin.
        Entités : &eacute;&agrave; &lt;balise&gt; &quot;cité&quot; l&#39;été l&apos;hiver &#150; &copy; &unknown; AT&T</p>
        <ul><li>Ateliers   citoyens</li><li>Rapports</li></ul>
        <table><tr><td>Lieu</td><td>Québec</td></tr><tr><th>Contrat</th><td>CDI</td></tr></table>
        <form><input value="Nom"><button>Envoyer ma candidature</button></form>
        <svg><text>logo texte</text></svg>
        <noscript>Activez JavaScript</noscript>
        <div>Fin <span>du</span> texte<p>non fermé
      </main>
      <footer>© 2024 Ville</footer>
    </body>
    </html>
    """

    func testVisibleTextOnlyWithBlocksAsLinesAndEntitiesDecoded() throws {
        let path = try file("offre-ville.html", Self.page)
        let r = try DocumentReader().read(file: path)
        XCTAssertEqual(r.warnings, [])
        let d = try XCTUnwrap(r.documents.first)
        XCTAssertEqual(d.id, "offre-ville")
        XCTAssertEqual(d.title, "Chargé·e de projet – Ville de Québec")
        XCTAssertEqual(d.lang, "fr")
        let lines = d.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, [
            "Chargé",
            "de projet",
            "Vous animerez des ateliers de concertation\u{A0}: habitants, élus & associations.",
            "L’équipe «\u{A0}participation\u{A0}» recrute… Salaire établi également — fin. Entités : éà <balise> \"cité\" l'été l'hiver – © &unknown; AT&T",
            "Ateliers citoyens",
            "Rapports",
            "Lieu\tQuébec",
            "Contrat\tCDI",
            "Fin du texte",
            "non fermé",
        ])
        for hidden in ["Accueil", "Emplois", "pas du texte", "caché", "Envoyer", "logo", "JavaScript", "2024", "font-family", "alert"] {
            XCTAssertFalse(d.text.contains(hidden), "\(hidden) should be dropped")
        }
    }

    func testFirstHeadingIsTheTitleWithoutATitleElement() throws {
        let path = try file("p.htm", "<body><nav><h1>Site</h1></nav><h1>  Médiateur <em>culturel</em> </h1><p>Texte du poste.</p></body>")
        let d = try DocumentReader().read(file: path).documents[0]
        XCTAssertEqual(d.title, "Médiateur culturel")
        XCTAssertEqual(d.text, "Médiateur culturel\nTexte du poste.")
    }

    func testDeclaredWindows1252IsRespectedAndUndeclaredLatin1IsReported() throws {
        // "<meta charset=windows-1252><p>Médiation – été</p>" in Windows-1252.
        let body: [UInt8] = Array("<p>M".utf8) + [0xE9] + Array("diation ".utf8) + [0x96] + Array(" ".utf8) + [0xE9, 0x74, 0xE9] + Array("</p>".utf8)
        let declared = try file("declared.html", Array("<html><head><meta charset=\"windows-1252\"></head>".utf8) + body)
        let r = try DocumentReader().read(file: declared)
        XCTAssertEqual(r.documents[0].text, "Médiation – été")
        XCTAssertEqual(r.warnings, [], "a declared charset is not a guess")
        let httpEquiv = try file("equiv.html", Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">".utf8) + body)
        XCTAssertEqual(try DocumentReader().read(file: httpEquiv).documents[0].text, "Médiation – été")
        let undeclared = try file("undeclared.html", body)
        let u = try DocumentReader().read(file: undeclared)
        XCTAssertEqual(u.documents[0].text, "Médiation – été")
        XCTAssertEqual(u.warnings.count, 1)
        XCTAssertTrue(u.warnings[0].description.contains("undeclared.html") && u.warnings[0].description.contains("Windows-1252"))
        // Declared Latin-1 but really UTF-8: read as UTF-8, not mangled into "MÃ©diation", and said so.
        let wrong = try file("wrong.html", "<meta charset=iso-8859-1><p>Médiation</p>")
        let w = try DocumentReader().read(file: wrong)
        XCTAssertEqual(w.documents[0].text, "Médiation")
        XCTAssertEqual(w.warnings.count, 1)
    }

    func testAPageWithoutVisibleTextIsEmpty() throws {
        let path = try file("vide.html", "<html><head><title>Rien</title><script>document.write('x')</script></head><body><nav>Menu</nav></body></html>")
        XCTAssertThrowsError(try DocumentReader().read(file: path)) { XCTAssertEqual($0 as? ReaderError, .empty(path: path)) }
    }

    func testMalformedMarkupNeverLosesTheRest() throws {
        let cases: [(String, String)] = [
            ("a < b et c > d", "a < b et c > d"),
            ("<p>un<p>deux", "un\ndeux"),
            ("<p title='a > b'>texte</p>", "texte"),
            ("texte <!-- jamais fermé", "texte"),
            ("<script>x", ""),
            ("&#0; &#xD800; &#99999999999; &#x110000; &#; &#x;", "\u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD} &#; &#x;"),
            ("<", "<"),
            ("fin <b", "fin"),
        ]
        for (html, text) in cases {
            XCTAssertEqual(HTMLText.extract(html).text, text, html)
        }
    }
}
