import Passerelle
import Competencies

/// Every field of a `TextProfile` as lines, quotes as their UTF-8 bytes (`String ==` is canonical
/// equivalence; explanations must be the same bytes): what the stored-profile tests compare, in the engine's
/// tests (`StoredProfilesTests`) and the application's (`StoredProfileUseTests`).
public enum ProfileDump {
    public static func lines(_ p: TextProfile) -> [String] {
        func ev(_ e: Evidence) -> String { "\(e.start)-\(e.end) \(Array(e.quote.utf8)) \(String(describing: e.quoteMatchStart)) \(String(describing: e.quoteMatchEnd))" }
        var out = ["written \(p.writtenIn) display \(p.displayLanguage) years \(String(describing: p.yearsAsked)) \(String(describing: p.yearsShown))",
                   "eligibility \(String(describing: p.eligibilityAsked)) \(p.eligibilityShown.map(\.rawValue).sorted())"]
        for c in p.competencies.competencies {
            out.append("c \(c.id) \(c.count) \(c.weight.bitPattern) \(c.desirable) " + c.evidence.map(ev).joined(separator: " | "))
        }
        for l in p.competencies.languages {
            out.append("l \(l.language) \(l.level.rawValue) \(l.desirable) \(l.levelStated) " + ev(l.evidence))
        }
        return out
    }
}
