import Foundation

/// The day a report is made, as the HTML pages print it: ISO 8601 (`2026-11-29`), UTC.
public enum ReportDate {
    /// Today, or the day of `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention)
    /// when the environment sets it, so that a rebuilt report can be byte-identical to an earlier one.
    public static func today(environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) -> String {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), epoch >= 0 {
            return day(Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
        return day(now)
    }

    /// The one rule of dating what a front end prints or sends (it was decided at four call sites: the CLI's
    /// rank/similar and batch, the server's rank and similar): an HTML page carries the day it is made
    /// (`today`); the other formats carry no date, so that a JSON, CSV or table output of the same model and
    /// input is the same bytes from one day to the next. Used by `ReportRenderer.page` and the batch run's
    /// shortlist page.
    public static func stamp(html: Bool, environment: [String: String] = ProcessInfo.processInfo.environment, now: Date = Date()) -> String? {
        html ? today(environment: environment, now: now) : nil
    }

    /// `date` as an ISO 8601 day in UTC.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}
