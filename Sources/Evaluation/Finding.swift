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
        // Files and rules are ranked once and each finding's place made a small key: comparing
        // findings themselves copied two of them on every comparison (a second of one core for a
        // large snapshot's findings).
        let fileRank = Dictionary(uniqueKeysWithValues: Set(lazy.map(\.location.file)).sorted().enumerated().map { ($1, $0) })
        let ruleRank = Dictionary(uniqueKeysWithValues: Set(lazy.map(\.ruleID)).sorted().enumerated().map { ($1, $0) })
        let keys = map { SortKey(file: fileRank[$0.location.file]!, line: $0.location.line, column: $0.location.column, rule: ruleRank[$0.ruleID]!) }
        let order = indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            // Same place, same rule: by subject, then in the order the rules produced them.
            let (x, y) = (self[a].subject.id, self[b].subject.id)
            return x != y ? x < y : a < b
        }
        // Position i receives the finding at order[i]: each cycle of the permutation is walked
        // once, by swaps, which move findings without copying them (a copy counted a reference
        // for each of a finding's strings, and released it again).
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            var current = start
            placed[current] = true
            while order[current] != start {
                let next = order[current]
                swapAt(current, next)
                placed[next] = true
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

/// A finding's place in report order, file and rule by rank.
private struct SortKey: Equatable, Comparable {
    var file: Int
    var line: Int
    var column: Int
    var rule: Int

    static func < (x: SortKey, y: SortKey) -> Bool { (x.file, x.line, x.column, x.rule) < (y.file, y.line, y.column, y.rule) }
}
