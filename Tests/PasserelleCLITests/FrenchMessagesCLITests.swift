import XCTest
import PasserelleTestSupport

/// Issue 26: the CLI's errors follow the user's language — `--lang` where the command has it, else
/// LC_ALL / LC_MESSAGES / LANG — for the errors of the readers, the engine and the application.
final class FrenchMessagesCLITests: XCTestCase {
    static let french = ["LANG": "fr_FR.UTF-8"]

    func testAMissingCVIsSaidInFrenchUnderAFrenchLocaleAndInEnglishWithLangEn() throws {
        let model = CLI.shippedModelPath
        let missing = "/nonexistent-\(UUID().uuidString)/cv.txt"
        let fr = try CLI.run(["rank", "--cv", missing, "--model", model], environment: Self.french)
        XCTAssertEqual(fr.status, 1)
        XCTAssertTrue(fr.stderr.contains("\(missing) : fichier ou dossier introuvable"), fr.stderr)
        XCTAssertFalse(fr.stderr.contains("no such file"), fr.stderr)

        let en = try CLI.run(["rank", "--cv", missing, "--model", model, "--lang", "en"], environment: Self.french)
        XCTAssertEqual(en.status, 1)
        XCTAssertTrue(en.stderr.contains("no such file"), en.stderr)

        let plain = try CLI.run(["rank", "--cv", missing, "--model", model])
        XCTAssertTrue(plain.stderr.contains("no such file"), plain.stderr)
        // --lang fr under an English locale: French.
        let asked = try CLI.run(["rank", "--cv", missing, "--model", model, "--lang", "fr"])
        XCTAssertTrue(asked.stderr.contains("introuvable"), asked.stderr)
    }

    func testEngineAndApplicationErrorsInFrench() throws {
        let model = CLI.shippedModelPath
        let thin = try CLI.run(["rank", "--text", "Zzqx wvvk.", "--model", model], environment: Self.french)
        XCTAssertEqual(thin.status, 1)
        XCTAssertTrue(thin.stderr.contains("trop peu de texte pour calculer un score"), thin.stderr)
        XCTAssertFalse(thin.stderr.contains("known to the model") || thin.stderr.contains("the model knows"), thin.stderr)

        let unknown = try CLI.run(["similar", "qc-mediateur-culturl", "--model", model], environment: ["LC_MESSAGES": "fr_CA.UTF-8"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("n'est ni un identifiant d'offre"), unknown.stderr)

        let folder = CLI.temporaryDirectory()
        let own = try CLI.run(["rank", "--cv", folder.path, "--model", model], environment: Self.french)
        XCTAssertEqual(own.status, 1)
        XCTAssertTrue(own.stderr.contains("est un dossier ; donnez un fichier"), own.stderr)

        let corrupt = folder.appendingPathComponent("m.plm")
        try Data("not a model at all, just text".utf8).write(to: corrupt)
        let bad = try CLI.run(["rank", "--text", "médiation culturelle", "--model", corrupt.path], environment: Self.french)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("\(corrupt.path) : "), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("reconstruisez-le avec `passerelle index`"), bad.stderr)
    }
}
