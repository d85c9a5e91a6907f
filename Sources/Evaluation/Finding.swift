import Diagnostics
import PolicyCompiler

/// One result of checking a rule against one subject.
public struct Finding: Sendable, Hashable {
    /// What kind of result it is.
    public enum Kind: String, Sendable, Codable {
        /// The assertion was false.
        case violation
        /// The rule could not be evaluated (a type error, a failed conversion); never a silent pass.
        case evaluationError = "evaluation-error"
        /// The rule applies but a fact it needs is not recorded in the snapshot (absent, or
        /// written `unknown`): neither a pass nor a violation. Always severity `info`, never fails
        /// a run, and reported in its own section so a committee sees what it still has to record.
        case insufficientEvidence = "insufficient-evidence"
    }

    /// What a finding is about.
    public struct Subject: Sendable, Hashable, Codable {
        /// `Team`, `Person` or `Organization`.
        public var kind: String
        /// The subject's `id` (or name, or position in its list).
        public var id: String
        /// Its `name`, when it has one.
        public var name: String?

        /// Creates a subject.
        public init(kind: String, id: String, name: String? = nil) {
            self.kind = kind
            self.id = id
            self.name = name
        }
    }

    /// Violation or evaluation error.
    public var kind: Kind
    /// The rule's id.
    public var ruleID: String
    /// Effective severity (evaluation errors are errors).
    public var severity: Severity
    /// The rule's title.
    public var title: String
    /// The rendered message.
    public var message: String
    /// What to do.
    public var remediation: String?
    /// Sources.
    public var references: [String]
    /// For insufficient evidence: the facts that were not recorded (`Team.meetings`).
    public var unrecorded: [String] = []
    /// Practice type.
    public var practice: PracticeType
    /// Management level.
    public var level: ManagementLevel
    /// Change phase.
    public var phase: ChangePhase?
    /// The subject.
    public var subject: Subject
    /// The offending node in the snapshot file.
    public var location: SourceLocation
    /// The snapshot's `metadata.name`.
    public var snapshot: String
    /// The organization's name (`organization.name`, else the snapshot's name): with the rule and
    /// the subject, the finding's identity across snapshots.
    public var organization: String = ""
}

extension Array where Element == Finding {
    /// Sorted by file, position, rule and subject, so reports are byte-stable.
    public func sortedForReport() -> [Finding] {
        var sorted = self
        sorted.sortForReport()
        return sorted
    }

    /// Sorts in place by file, position, rule and subject, so reports are byte-stable.
    ///
    /// The order is found on indices and then applied cycle by cycle, so the findings are never
    /// held twice: at 50,000 teams they are a few hundred megabytes, and a sorting copy was the
    /// peak of a check's memory.
    public mutating func sortForReport() {
        // Findings are compared where they lie: binding each to a constant copied both.
        let order = withUnsafeBufferPointer { findings in
            indices.sorted { a, b in Finding.precedes(findings[a], a, findings[b], b) }
        }
        // Position i receives the finding at order[i]; each cycle of the permutation is walked
        // once, holding one finding aside.
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] && order[start] != start {
            let first = self[start]
            var current = start
            while true {
                placed[current] = true
                let next = order[current]
                if next == start {
                    self[current] = first
                    break
                }
                self[current] = self[next]
                current = next
            }
        }
    }
}

/// Whether one rule held for one subject (for reports that list passes as well as failures).
public struct RuleOutcome: Sendable, Hashable {
    /// The results a checked subject can have.
    public enum Status: String, Sendable {
        case passed, failed, error
        /// A needed fact is not recorded (see ``Finding/Kind/insufficientEvidence``).
        case insufficient = "insufficient-evidence"
    }

    /// The rule.
    public var ruleID: String
    /// The subject.
    public var subject: Finding.Subject
    /// The snapshot's name.
    public var snapshot: String
    /// The result.
    public var status: Status
}

extension Finding {
    /// The finding's identity: organization, rule and subject (kind and id) — never the snapshot's
    /// name or a line — so the same unresolved problem in next quarter's snapshot is the same
    /// finding (baselines and history match on it). FNV-1a, 64 bits, hex.
    public var fingerprint: String {
        Self.fnv("\(organization)|\(ruleID)|\(subject.kind)|\(subject.id)")
    }

    /// The fingerprint of baselines written before identities (version 1): rule, subject and
    /// snapshot name. Read so old baselines keep working, with a notice.
    public var legacyFingerprint: String {
        Self.fnv("\(ruleID)|\(subject.kind)|\(subject.id)|\(snapshot)")
    }

    /// FNV-1a, 64 bits, as 16 hex digits: the hash every Tandem fingerprint uses.
    public static func fnv(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Finding {
    /// Report order: file, line, column, rule, subject; ties keep the order the rules produced
    /// them in (`a`, `b`: their places).
    static func precedes(_ x: Finding, _ a: Int, _ y: Finding, _ b: Int) -> Bool {
        (x.location.file, x.location.line, x.location.column, x.ruleID, x.subject.id, a) < (y.location.file, y.location.line, y.location.column, y.ruleID, y.subject.id, b)
    }
}
