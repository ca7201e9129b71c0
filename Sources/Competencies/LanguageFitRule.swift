/// Fit of a declared language (CV) to a required one (posting).
public enum LanguageFitRule {
    /// `met` when the declared level is at least the required one, `partly` when it is exactly one
    /// level below, `unmet` otherwise or when the language is not declared. Statements about
    /// different languages never fit each other.
    public static func fit(required: LanguageStatement, declared: LanguageStatement?) -> LanguageFit {
        guard let declared, declared.language == required.language else { return .unmet }
        return fit(required: required.level, declared: declared.level)
    }

    /// The same rule on levels of one language (`declared` nil: not declared).
    public static func fit(required: LanguageLevel, declared: LanguageLevel?) -> LanguageFit {
        guard let declared else { return .unmet }
        if declared >= required { return .met }
        if declared.rawValue == required.rawValue - 1 { return .partly }
        return .unmet
    }

    /// Fit of `required` against the statement for the same language among `declared`.
    public static func fit(required: LanguageStatement, among declared: [LanguageStatement]) -> LanguageFit {
        fit(required: required, declared: declared.filter { $0.language == required.language }.max { $0.level < $1.level })
    }
}
