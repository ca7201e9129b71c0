import Passerelle

extension LanguageFitResult {
    /// How a matched posting's language requirement compares with the query posting's own (`similar`).
    /// The engine's fit reads the query's side as declared levels; for two postings these are both
    /// requirements, so a report words them as a comparison rather than as met or unmet.
    public enum Comparison: String, Sendable {
        /// The query posting asks the language at this level or higher.
        case alsoAsked = "also asked"
        /// The query posting asks it at a lower level.
        case higherHere = "higher here"
        /// The query posting does not ask it (nor is it written in it).
        case onlyHere = "only here"
    }

    public var comparison: Comparison { fit == .met ? .alsoAsked : (declared == nil ? .onlyHere : .higherHere) }

    /// The fit's word in the English-only formats (table, CSV, Markdown): met / partly / unmet for a CV,
    /// the comparison for a posting.
    func word(queryIsCV: Bool) -> String { queryIsCV ? fit.rawValue : comparison.rawValue }
}
