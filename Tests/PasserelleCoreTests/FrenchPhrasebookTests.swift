import XCTest
import PasserelleCore

/// The French of the reasons the bottom layer writes (file writers, path kinds, the system's texts) and
/// how the layers' phrasebooks chain: in order, phrases before patterns, unknown text kept.
final class FrenchPhrasebookTests: XCTestCase {
    func testFileWriteReasonsAreTranslated() {
        let reasons = [
            ("permission denied (the folder /data is read-only for this user)", "permission refusée (le dossier /data est en lecture seule pour cet utilisateur)"),
            ("read-only file system (the folder /mnt is on a read-only file system)", "système de fichiers en lecture seule (le dossier /mnt est sur un système de fichiers en lecture seule)"),
            ("the folder /nope does not exist", "le dossier /nope n'existe pas"),
            ("it is a folder; give a file name", "c'est un dossier ; donnez un nom de fichier"),
            ("another passerelle is changing it (it holds m.plm.lock); try again when it is done",
             "un autre passerelle est en train de le modifier (il détient m.plm.lock) ; réessayez quand il aura fini"),
        ]
        for (english, french) in reasons {
            let error = FileWriteError(path: "out.csv", reason: english)
            XCTAssertEqual(error.frenchMessage, "impossible d'écrire out.csv : \(french)")
        }
    }

    func testPathKindsAndSystemTextsAreTranslated() {
        XCTAssertEqual(FrenchPhrasebook.files.translate("a named pipe"), "un tube nommé")
        XCTAssertEqual(FrenchPhrasebook.files.translate("cannot open: no space left on device"), "cannot open: plus de place sur le disque")
        XCTAssertEqual(FrenchPhrasebook.files.translate("Permission denied"), "permission refusée")
    }

    func testChainedBooksApplyPhrasesInOrderThenPatterns() {
        let first = FrenchPhrasebook(phrases: [("the red folder", "le dossier rouge")], patterns: [(#"(\d+) apples"#, "$1 pommes")])
        let second = FrenchPhrasebook(phrases: [("folder", "classeur"), ("apples", "fruits")])
        let book = FrenchPhrasebook.chain([first, second])
        // The first book's longer phrase wins over the second's shorter one inside it.
        XCTAssertEqual(book.translate("the red folder, a folder"), "le dossier rouge, a classeur")
        // Every phrase runs before any pattern: "apples" is gone before the pattern could see it.
        XCTAssertEqual(book.translate("3 apples"), "3 fruits")
        XCTAssertEqual(first.translate("3 apples"), "3 pommes")
        XCTAssertEqual(book.phrases.count, 3)
        XCTAssertEqual(book.patterns.count, 1)
    }

    func testUnknownTextIsKept() {
        XCTAssertEqual(FrenchPhrasebook.files.translate("Unexpected character 'x' around line 3, column 7."), "Unexpected character 'x' around line 3, column 7.")
        XCTAssertEqual(FrenchPhrasebook.files.translate(""), "")
    }
}
