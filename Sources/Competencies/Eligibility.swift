import Foundation

/// Conditions of status a posting sets that a CV cannot, or does not, establish (issue 24: a graduate labelled a "strong"
/// fit for an internship reserved to master's students; a mediator in post "strong" for a subsidised contract reserved to
/// job seekers of a priority neighbourhood). A counsellor calls such a candidate "possible" (an eligibility condition not
/// met or not established), never "strong".
///
/// Posting: a **student** condition ("étudiant·e en master", "être inscrit·e en licence", "currently enrolled", "must be
/// a student") or a **scheme** with personal conditions ("adulte-relais", "conditions d'éligibilité", "eligibility
/// criteria"). CV: a student condition is met when the CV says the person studies now ("étudiante en", "en cours",
/// "currently enrolled", "student"); a scheme's conditions (age, residence, being out of work) are never read from a CV.
///
/// Complexity: O(n) in the text's length (a few regular-expression passes on the folded text).
public enum Eligibility {
    public enum Condition: String, Sendable, Equatable {
        case student, scheme
    }

    /// Folded (accents, case) patterns of a posting's condition.
    static let studentCondition = [
        #"\betudiant\S{0,4}\s+(en|au|a la|de)\s+(master|licence|maitrise|baccalaureat|bac|doctorat|m1|m2|deuxieme|troisieme|derniere)"#,
        #"\b(etre|etes|soyez)\s+(inscrit|etudiant)"#, #"\binscrit\S{0,4}\s+(en|a|au|dans)\s+(master|licence|maitrise|un programme|une formation|baccalaureat)"#,
        #"\b(currently|must be|be)\s+enrolled\b"#, #"\bmust be a (full-time |part-time )?student\b"#, #"\bstudent status\b"#,
        #"\bconvention de stage\b"#,
    ]
    static let schemeCondition = [
        #"\badultes?[- ]relais\b"#, #"\bconditions? d'eligibilite\b"#, #"\beligibility (criteria|requirements)\b"#,
        #"\beligible (au|a l'|aux) (dispositif|contrat|programme)"#,
    ]
    /// Folded patterns of a CV saying the person studies now.
    static let studiesNow = [
        #"\betudiant"#, #"\ben cours\b"#, #"\bcurrently enrolled\b"#, #"\bstudent\b"#, #"\bcandidate for the\b"#,
    ]

    /// Words one of which every match of a pattern holds, as they stand in it (matched code point for code point): a text
    /// without any of them cannot match, and the pattern's pass over it is skipped (issue 25e: eleven regular-expression
    /// passes over every matched posting were a tenth of a rank). A pattern absent from here (or edited) is always run.
    static let requiredWords: [String: [String]] = [
        #"\badultes?[- ]relais\b"#: ["relais"], #"\bconditions? d'eligibilite\b"#: ["d'eligibilite"],
        #"\beligibility (criteria|requirements)\b"#: ["eligibility "],
        #"\beligible (au|a l'|aux) (dispositif|contrat|programme)"#: ["eligible "],
        #"\betudiant\S{0,4}\s+(en|au|a la|de)\s+(master|licence|maitrise|baccalaureat|bac|doctorat|m1|m2|deuxieme|troisieme|derniere)"#: ["etudiant"],
        #"\b(etre|etes|soyez)\s+(inscrit|etudiant)"#: ["inscrit", "etudiant"],
        #"\binscrit\S{0,4}\s+(en|a|au|dans)\s+(master|licence|maitrise|un programme|une formation|baccalaureat)"#: ["inscrit"],
        #"\b(currently|must be|be)\s+enrolled\b"#: ["enrolled"], #"\bmust be a (full-time |part-time )?student\b"#: ["student"],
        #"\bstudent status\b"#: ["student status"], #"\bconvention de stage\b"#: ["convention de stage"],
    ]

    static func any(_ patterns: [String], in folded: String) -> Bool {
        let bytes = Array(folded.utf8) // once: the folded text is bridged from NSString, each UTF-8 view a transcoding
        return patterns.contains { pattern in
            if let words = requiredWords[pattern], !words.contains(where: { holds(bytes, $0) }) { return false }
            return folded.range(of: pattern, options: .regularExpression) != nil
        }
    }

    /// True when `word`'s UTF-8 bytes stand in `t` (a text's UTF-8: code point for code point, as a pattern matches). A
    /// plain loop: the standard library's generic `firstRange(of:)` took most of a rank.
    static func holds(_ t: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard let first = w.first else { return true }
        guard w.count <= t.count else { return false }
        for i in 0 ... (t.count - w.count) where t[i] == first {
            var k = 1
            while k < w.count && t[i + k] == w[k] { k += 1 }
            if k == w.count { return true }
        }
        return false
    }

    /// The condition a posting sets, nil when none (a scheme wins over a student condition: it cannot be met from a CV).
    public static func condition(posting: String) -> Condition? {
        condition(folded: ExperienceYears.fold(posting))
    }

    /// `condition(posting:)` of a text already folded (`ExperienceYears.fold`).
    public static func condition(folded f: String) -> Condition? {
        if any(schemeCondition, in: f) { return .scheme }
        if any(studentCondition, in: f) { return .student }
        return nil
    }

    /// True when the CV establishes `condition`: a student condition by studies in progress; a scheme never.
    public static func established(_ condition: Condition, cv: String) -> Bool {
        switch condition {
        case .scheme: return false
        case .student: return any(studiesNow, in: ExperienceYears.fold(cv))
        }
    }
}
