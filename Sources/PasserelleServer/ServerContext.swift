import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the server knows about a request besides the request itself: its id (`X-Request-Id`), the
/// language of its errors, the scope its API key grants, and the connection (to stop its work when the
/// client leaves). Filled by `FrontMiddleware` and `AccessMiddleware`.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's connection (nil in the router tests' in-memory channel is never the case: tests get one too).
    public let channel: (any Channel)?
    public var requestID = ""
    var language: Page.Language = .en
    /// The scope granted by the request's API key (nil: the server has no keys, everything is open).
    var scope: KeyScope? = nil

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// The language of an API error: French when Accept-Language ranks French above English (or names French
/// and not English), English otherwise (and without the header). The page has its own rule (French first).
enum ErrorLanguage {
    static func of(_ acceptLanguage: String?) -> Page.Language {
        guard let header = acceptLanguage else { return .en }
        var fr = 0.0, en = 0.0
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = parts.first else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            if primary == "fr" { fr = max(fr, q) } else if primary == "en" { en = max(en, q) }
        }
        return fr > en ? .fr : .en
    }
}
