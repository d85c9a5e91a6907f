import Diagnostics
import Foundation
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// The `Waivers` format: accepted exceptions to rules, each with an owner and an expiry date.
public enum WaiverSchema {
    /// The document kind.
    public static let kind = "Waivers"

    /// The document's root.
    public static let root = ObjectSchema(
        "Waivers", "Accepted, time-limited exceptions to rules.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema(
                "metadata",
                .object(
                    ObjectSchema(
                        "WaiverMetadata", "Identifies the file.",
                        fields: [
                            FieldSchema("name", .string, required: true, "Name.")
                        ])), "Name."),
            FieldSchema("waivers", .list(.object(waiver)), required: true, "The waivers."),
        ])

    static let waiver = ObjectSchema(
        "Waiver", "One exception.",
        fields: [
            FieldSchema("rule", .string, required: true, "Rule id, or a glob such as PP-EVA-*."),
            FieldSchema("subject", .string, required: true, "Subject id (team, person or organization name), or a glob; * for all."),
            FieldSchema("snapshot", .string, "Snapshot name or glob (default: every snapshot)."),
            FieldSchema("reason", .string, required: true, "Why the exception is accepted."),
            FieldSchema("owner", .string, required: true, "Who answers for it."),
            FieldSchema("created", .date, required: true, "When it was granted."),
            FieldSchema("expires", .date, required: true, "When it stops applying."),
            FieldSchema("ticket", .string, "Tracking reference."),
        ])
}

/// One accepted exception.
public struct Waiver: Sendable, Hashable {
    /// Rule id or glob.
    public var rule: String
    /// Subject id or glob.
    public var subject: String
    /// Snapshot name or glob, when restricted.
    public var snapshot: String?
    /// Why.
    public var reason: String
    /// Who answers for it.
    public var owner: String
    /// Granted on (epoch seconds).
    public var created: Double
    /// Expires on (epoch seconds); the waiver applies through that day.
    public var expires: Double
    /// Tracking reference.
    public var ticket: String?
    /// Where it is written.
    public var location: SourceLocation

    /// Whether the waiver covers `finding`.
    public func matches(_ finding: Finding) -> Bool {
        Glob.matches(rule, finding.ruleID) && Glob.matches(subject, finding.subject.id)
            && (snapshot.map { Glob.matches($0, finding.snapshot) } ?? true)
    }

    /// `YYYY-MM-DD` of the expiry.
    public var expiryDate: String { ISODate.format(expires) }
}

/// Every waiver of the files given, validated with positions.
public struct WaiverSet: Sendable {
    /// The waivers in file order.
    public let waivers: [Waiver]
    /// Waivers naming one rule and one subject exactly, by "rule|subject": found by hashing, so
    /// thousands of waivers cost nothing per finding.
    private let exact: [String: [Int]]
    /// Waivers with a glob in their rule or subject: tried on every finding.
    private let patterns: [Int]

    /// What loading produced.
    public struct Loaded: Sendable {
        /// The waivers, when every file was valid.
        public var set: WaiverSet?
        /// Problems, with positions.
        public var diagnostics: [Diagnostic]
        /// Files read, for quoting.
        public var sources: [SourceText]
    }

    /// Reads waiver files (`WAIV001`–`WAIV010` for schema problems, `WAIV011` when a waiver
    /// expires before it was created).
    public static func load(paths: [String], limits: YAMLLimits = .default) -> Loaded {
        let files = SourceFiles(operands: paths, maxBytes: limits.maxBytes)
        var diagnostics = files.diagnostics
        var waivers: [Waiver] = []
        for source in files.sources {
            let loaded = YAMLLoader(limits: limits).load(source)
            diagnostics += loaded.diagnostics
            guard !loaded.diagnostics.containsErrors else { continue }
            for document in loaded.documents {
                if let kind = document.root["kind"], kind.string != WaiverSchema.kind {
                    diagnostics.append(
                        Diagnostic(
                            SchemaDiagnostics.wrongKind.prefixed("WAIV"), message: "expected kind '\(WaiverSchema.kind)', found '\(kind.scalar?.text ?? kind.typeName)'",
                            fr: "kind « \(WaiverSchema.kind) » attendu ; trouvé « \(kind.scalar?.text ?? kind.typeName) »",
                            location: document.location(kind.mark)))
                    continue
                }
                let problems = SchemaValidator(root: WaiverSchema.root, codePrefix: "WAIV").validate(document)
                diagnostics += problems
                guard !problems.containsErrors else { continue }
                for node in document.root["waivers"]?.sequence ?? [] {
                    guard let rule = node["rule"]?.string, let subject = node["subject"]?.string,
                        let reason = node["reason"]?.string, let owner = node["owner"]?.string,
                        let created = node["created"]?.string.flatMap(ISODate.parse),
                        let expires = node["expires"]?.string.flatMap(ISODate.parse)
                    else { continue }
                    if expires < created {
                        diagnostics.append(
                            Diagnostic(
                                WaiverDiagnostics.expiresBeforeCreated, message: "waiver expires before it was created", fr: "la dérogation expire avant d'avoir été créée",
                                location: document.location(node.mark)))
                        continue
                    }
                    waivers.append(
                        Waiver(
                            rule: rule, subject: subject, snapshot: node["snapshot"]?.string, reason: reason, owner: owner,
                            created: created, expires: expires, ticket: node["ticket"]?.string, location: document.location(node.mark)))
                }
            }
        }
        return Loaded(set: diagnostics.containsErrors ? nil : WaiverSet(waivers: waivers), diagnostics: diagnostics, sources: files.sources)
    }

    /// `WAIV012` for each waiver whose rule (id or glob) matches no rule of the policy set given
    /// — a typo would otherwise suppress nothing and only be reported as "unused".
    public func unknownRules(in ruleIDs: [String]) -> [Diagnostic] {
        waivers.filter { waiver in !ruleIDs.contains { Glob.matches(waiver.rule, $0) } }.map { waiver in
            Diagnostic(
                WaiverDiagnostics.unknownRule, message: "waiver names rule '\(waiver.rule)', which no rule of the policy set matches",
                fr: "la dérogation nomme la règle « \(waiver.rule) », qu'aucune règle de l'ensemble ne désigne",
                location: waiver.location, notes: Suggestion.note(for: waiver.rule, in: ruleIDs))
        }
    }

    /// Creates a set.
    public init(waivers: [Waiver]) {
        self.waivers = waivers
        var exact: [String: [Int]] = [:]
        var patterns: [Int] = []
        for (index, waiver) in waivers.enumerated() {
            if Self.isPattern(waiver.rule) || Self.isPattern(waiver.subject) {
                patterns.append(index)
            } else {
                exact["\(waiver.rule)|\(waiver.subject)", default: []].append(index)
            }
        }
        self.exact = exact
        self.patterns = patterns
    }

    private static func isPattern(_ text: String) -> Bool { text.contains("*") || text.contains("?") }

    /// Indices of the waivers that match `finding`, in file order.
    private func matching(_ finding: Finding) -> [Int] {
        var candidates = exact["\(finding.ruleID)|\(finding.subject.id)"] ?? []
        candidates += patterns
        return candidates.filter { waivers[$0].matches(finding) }.sorted()
    }

    /// The index of the waiver that suppresses `finding` on `today` (epoch seconds, injected so
    /// expiry is testable); a waiver applies through its expiry day.
    public func waiver(for finding: Finding, today: Double) -> Int? {
        matching(finding).first { today <= waivers[$0].expires + 86_399 }
    }

    /// Notices for expired waivers (`WAIV101`) and waivers that matched none of `findings`
    /// (`WAIV102`), both warnings; given every finding of the run, once.
    public func notices(for findings: [Finding], today: Double) -> [Diagnostic] {
        var usage = WaiverUsage(self)
        usage.count(findings, today: today)
        return usage.notices(today: today)
    }

    /// Indices of the waivers matching `finding` (for ``WaiverUsage``).
    fileprivate func matches(_ finding: Finding) -> [Int] { matching(finding) }
}

/// Which waivers the findings of a run used, counted as findings arrive, so a run that releases
/// its findings as it reports them (a streamed text report) can still tell expired and unused
/// waivers at the end.
public struct WaiverUsage: Sendable {
    /// The waivers counted against.
    public let set: WaiverSet
    private var used = Set<Int>()
    private var matchedCount: [Int]

    /// Starts counting for `set`.
    public init(_ set: WaiverSet) {
        self.set = set
        matchedCount = [Int](repeating: 0, count: set.waivers.count)
    }

    /// Counts `findings`: which waiver each uses on `today`, and how many each matches.
    public mutating func count(_ findings: [Finding], today: Double) {
        for finding in findings {
            let matches = set.matches(finding)
            for index in matches { matchedCount[index] += 1 }
            if let first = matches.first(where: { today <= set.waivers[$0].expires + 86_399 }) { used.insert(first) }
        }
    }

    /// Whether waiver `index` suppressed a finding counted.
    public func isUsed(_ index: Int) -> Bool { used.contains(index) }

    /// How many counted findings waiver `index` matches (suppressed, or would if not expired).
    public func matched(_ index: Int) -> Int { matchedCount[index] }

    /// Notices for expired waivers (`WAIV101`) and waivers no counted finding used (`WAIV102`).
    public func notices(today: Double) -> [Diagnostic] {
        var notices: [Diagnostic] = []
        for (index, waiver) in set.waivers.enumerated() {
            if today > waiver.expires + 86_399 {
                let matched = matchedCount[index]
                notices.append(
                    Diagnostic(
                        WaiverDiagnostics.expired,
                        message:
                            "waiver for \(waiver.rule) on \(waiver.subject) (owner \(waiver.owner)) expired on \(waiver.expiryDate); it no longer suppresses \(matched) finding\(matched == 1 ? "" : "s")",
                        fr:
                            "la dérogation pour \(waiver.rule) sur \(waiver.subject) (responsable \(waiver.owner)) a expiré le \(waiver.expiryDate) ; elle ne masque plus \(matched) constat\(matched > 1 ? "s" : "")",
                        location: waiver.location))
            } else if !used.contains(index) {
                notices.append(
                    Diagnostic(
                        WaiverDiagnostics.unused,
                        message: "waiver for \(waiver.rule) on \(waiver.subject) matched no finding; remove it",
                        fr: "la dérogation pour \(waiver.rule) sur \(waiver.subject) ne correspond à aucun constat ; retirez-la",
                        location: waiver.location))
            }
        }
        return notices
    }
}
