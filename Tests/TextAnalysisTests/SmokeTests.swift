import XCTest
@testable import TextAnalysis

final class SmokeTests: XCTestCase {
    func testSmoke() {
        let a = FrenchEnglishAnalyzer()
        for s in ["L’innovation sociale et la co-construction des politiques publiques, c’est-à-dire la recherche-action.",
                  "Chargé·e de la participation citoyenne — médiateurs/trices, designer/designeuse, agent(e)s, candidat.e.s, tou.te.s",
                  "We are looking for a designer with service design and user research experience in community organizing.",
                  "Design de services, design des services, gestion de projets, expérience utilisateur."] {
            print(a.analyze(s).map { "\($0.term)@\($0.start)-\($0.end)" }.joined(separator: " "))
            print(LanguageIdentifier.identify(s))
        }
        print(PlainAnalyzer().terms("L’Été à Montréal: co-construction_x 42 ﬁn"))
    }
}
