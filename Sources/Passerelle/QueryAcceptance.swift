/// The one rule deciding which texts are scored, for every path (`rank`, `similar --text`, `batch`,
/// `eval`, `serve`, `add`): a text is scored as soon as the model knows one of its terms.
///
/// Why: a job title or a few words is a fair query (issue 29: 115 of 1,435 French job titles were
/// refused as "too little text" under the old floor of 5 known terms). With the hybrid score, one known
/// term is enough to rank by (its term cosine), even when it shares no latent dimension with the
/// postings. Such a query is thin evidence: `EvidenceCheck` warns below `EvidenceCheck.minKnownTerms`
/// known terms and `FitLabel` then never says "strong". Only a text with no known term at all (empty,
/// a scanned PDF, another language the model has never seen) is refused (`EngineError.tooLittleText`),
/// and `batch` skips only those.
public enum QueryAcceptance {
    /// Known term occurrences a text needs to be scored: its own occurrences (`TermCoverage`), the
    /// extra copies of its first line not counted (they repeat words already counted).
    public static let minimumKnownTerms = 1
}
