import CRE2

/// A regular expression compiled by RE2, the engine CEL specifies: RE2 syntax, and matching in
/// time linear in the text — no pattern, however hostile, can make a match backtrack for long.
/// Immutable once built; RE2 matches from several threads at once.
public final class RE2Pattern: @unchecked Sendable {
    private let regex: OpaquePointer

    /// Why a pattern does not compile: RE2's message, and the byte offset in the pattern of what
    /// it rejected, when RE2 names it.
    public struct SyntaxError: Error, Sendable {
        /// RE2's description ("missing ): (a").
        public let message: String
        /// Offset in the pattern's UTF-8 bytes, or nil.
        public let offset: Int?
    }

    /// Compiles `pattern`.
    public init(_ pattern: String) throws(SyntaxError) {
        var error: UnsafeMutablePointer<CChar>?
        var offset: Int = -1
        // withCString's buffer holds every byte, embedded NULs included; the length says where it ends.
        let compiled = pattern.withCString { start in tandem_re2_compile(start, pattern.utf8.count, &error, &offset) }
        guard let compiled else {
            let message = error.map { String(cString: $0) } ?? "invalid regular expression"
            if let error { tandem_re2_free_string(error) }
            throw SyntaxError(message: message, offset: offset >= 0 ? offset : nil)
        }
        regex = compiled
    }

    deinit { tandem_re2_free(regex) }

    /// Whether the pattern matches somewhere in `text`.
    public func search(_ text: String) -> Bool {
        text.withCString { start in tandem_re2_search(regex, start, text.utf8.count) == 1 }
    }
}
