import Foundation

/// A document of the repository (the README, a page of `docs/`) as its words joined by single
/// spaces, for tests that check the figures it states against the code: a claim is found
/// whatever the line breaks, and a failure lists only the claims missing, not the document.
public struct StatedText: Sendable {
    /// The document's words, each run of blanks and line breaks one space.
    public let words: String

    /// Reads `path`, relative to the package root.
    public init(_ path: String) throws {
        let text = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent(path), encoding: .utf8)
        words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The claims the document does not make, word for word.
    public func unstated(_ claims: [String]) -> [String] {
        claims.filter { !words.contains($0.split(whereSeparator: \.isWhitespace).joined(separator: " ")) }
    }
}
