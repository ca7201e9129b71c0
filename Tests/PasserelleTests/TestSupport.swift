import Foundation
import TextAnalysis
@testable import Passerelle
import PasserelleCore
import PasserelleTestSupport

/// The engine tests' analyzer and three-topic corpus live in PasserelleTestSupport (`TopicCorpus.swift`), shared
/// with PasserelleEvaluationTests; the names stay the engine tests' own.
typealias WhitespaceAnalyzer = PasserelleTestSupport.WhitespaceAnalyzer
typealias TestCorpus = PasserelleTestSupport.TestCorpus

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The one date a model file holds (META, from `SOURCE_DATE_EPOCH` when set), fixed for a test that compares
/// the bytes of models written at different moments (a second apart, they differ); `restore` puts the
/// environment back as it was.
struct FixedModelDate {
    private let saved: String?
    init(epoch: String = "1767225600") {
        saved = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]
        setenv("SOURCE_DATE_EPOCH", epoch, 1)
    }
    func restore() {
        if let saved { setenv("SOURCE_DATE_EPOCH", saved, 1) } else { unsetenv("SOURCE_DATE_EPOCH") }
    }
}
