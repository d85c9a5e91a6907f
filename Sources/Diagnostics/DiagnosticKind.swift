/// One kind of diagnostic, declared once in its module's catalogue: the stable code scripts match
/// on, its severity, what it means and how to fix it. `docs/diagnostics.md` is generated from the
/// catalogues (`tandem diagnostics`), so the documentation cannot drift from the code.
public struct DiagnosticKind: Sendable, Hashable {
    /// The stable code, e.g. `YAML003`.
    public let code: String
    /// Its severity.
    public let severity: Severity
    /// What it means, in a few words.
    public let summary: String
    /// How to fix it.
    public let help: String

    /// Declares a kind.
    public init(_ code: String, _ severity: Severity, _ summary: String, help: String) {
        self.code = code
        self.severity = severity
        self.summary = summary
        self.help = help
    }

    /// The same kind under another prefix (the schema codes are shared by every document kind:
    /// `SNAP001`, `POL001`, `RISK001`… are one check on different files).
    public func prefixed(_ prefix: String) -> DiagnosticKind {
        DiagnosticKind(prefix + code.drop { $0.isLetter }, severity, summary, help: help)
    }
}

/// A module's declared diagnostics, for documentation and tests.
public protocol DiagnosticCatalogue {
    /// The module or file kind the codes belong to.
    static var title: String { get }
    /// Every kind, in code order.
    static var kinds: [DiagnosticKind] { get }
}

extension Diagnostic {
    /// A diagnostic of a declared kind; its severity is the kind's. `fr` is the message in French.
    public init(_ kind: DiagnosticKind, message: String, fr: String? = nil, location: SourceLocation? = nil, notes: [String] = []) {
        self.init(code: kind.code, severity: kind.severity, message: message, location: location, notes: notes)
        if let fr { translations[.fr] = fr }
    }
}
