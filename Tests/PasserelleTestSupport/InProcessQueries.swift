import Foundation
import Passerelle
import PasserelleApp

/// What `passerelle rank` prints, computed in the test process through the library calls `RankCommand.run`
/// makes (`QueryDocument.read` → `MatchService.rank` → `report` → `ReportRenderer.render`, plain style, no
/// terminal): for tests that assert what the ranking is (quality floors, language rule, labels) and need
/// not pay a process, a model read and the resources' load per query. What the binary adds (options,
/// stdout, exit codes) is asserted by the end-to-end tests that run it.
public enum InProcessQueries {
    /// `passerelle rank --cv <cv> --model <loaded.path> --format <format> --top <top> [--ignore-language-fit]`
    /// run from the package root: the text it writes to stdout (without the final newline).
    /// - Parameter service: one service for many queries (`TestFixtures.indexedService`): it keeps the
    ///   postings' competency profiles, which each `rank` process computes again.
    public static func rank(cv: String, service: MatchService, top: Int = 10, ignoreLanguageFit: Bool = false,
                            format: ReportFormat = .json) throws -> String {
        let path = cv.hasPrefix("/") ? cv : TestFixtures.packageRoot.appendingPathComponent(cv).path
        let document = try QueryDocument.read(path)
        let result = try service.rank(cv: document, file: cv, options: QueryOptions(top: top, ignoreLanguageFit: ignoreLanguageFit))
        let report = try service.report(command: "rank", queries: [result])
        return try ReportRenderer.render(report, format: format, style: .plain, width: 100)
    }

    /// `passerelle similar <file> --model <service.loaded.path> --format <format> --top <top>` for a posting
    /// given as a file (not an id of the model), run from the package root: what it writes to stdout.
    public static func similar(file: String, service: MatchService, top: Int = 10, format: ReportFormat = .json) throws -> String {
        let path = file.hasPrefix("/") ? file : TestFixtures.packageRoot.appendingPathComponent(file).path
        let document = try QueryDocument.read(path)
        let result = try service.similar(posting: document, file: file, options: QueryOptions(top: top))
        let report = try service.report(command: "similar", queries: [result])
        return try ReportRenderer.render(report, format: format, style: .plain, width: 100)
    }

    /// A query service over the model file at `path` (loaded now).
    public static func service(model path: String) throws -> MatchService {
        MatchService(loaded: try ModelProvider.load(path: path))
    }
}
