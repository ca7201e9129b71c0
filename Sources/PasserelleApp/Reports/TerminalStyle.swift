import Passerelle

/// Colour for the terminal table, in plain ANSI SGR codes (no dependency needed for five colours).
///
/// Colour is on only when stdout is a terminal and `NO_COLOR` is absent or empty (https://no-color.org):
/// a pipe, a file or a CI log gets plain text. The environment and the terminal flag are injected so the
/// rule can be tested without a terminal.
public struct TerminalStyle: Equatable, Sendable {
    public var enabled: Bool

    public static let plain = TerminalStyle(enabled: false)

    public init(enabled: Bool) { self.enabled = enabled }

    public init(environment: [String: String], isTerminal: Bool) {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        enabled = isTerminal && !noColor
    }

    private func sgr(_ code: String, _ text: String) -> String { enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    public func bold(_ s: String) -> String { sgr("1", s) }
    public func dim(_ s: String) -> String { sgr("2", s) }
    /// Competency labels: bold cyan, so the reasons stand out from the running text.
    public func competency(_ s: String) -> String { sgr("1;36", s) }
    public func missing(_ s: String) -> String { sgr("33", s) }

    /// A score coloured by band: green from 0.5, yellow from 0.3, red below (cosines in the latent space).
    public func score(_ s: String, value: Double) -> String { sgr(value >= 0.5 ? "1;32" : value >= 0.3 ? "33" : "31", s) }

    /// A score coloured by its match's fit label (green strong, yellow possible, red weak): the colour
    /// says what the label says, not a band of cosines that ignores languages and evidence.
    public func score(_ s: String, fit: FitLabel) -> String { sgr(fit == .strong ? "1;32" : fit == .possible ? "33" : "31", s) }

    /// Language fit coloured by outcome (`met`, `partly`, `unmet`).
    public func fit(_ s: String, fit: String) -> String { sgr(fit == "met" ? "32" : fit == "partly" ? "33" : "31", s) }

    public static func stripped(_ s: String) -> String {
        var out = "", inEscape = false
        for ch in s {
            if inEscape { if ch == "m" { inEscape = false }; continue }
            if ch == "\u{1B}" { inEscape = true; continue }
            out.append(ch)
        }
        return out
    }
}
