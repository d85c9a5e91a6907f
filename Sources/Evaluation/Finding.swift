import Diagnostics
import Foundation
import Parallel
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
        let order = Self.reportOrder(self)

        // Position i receives the finding at order[i]: each cycle of the permutation is walked
        // once, by swaps, which move findings without copying them (a copy counted a reference
        // for each of a finding's strings, and released it again).
        // In the buffer: the array's own `swapAt` copied the two findings.
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { findings in
            for start in findings.indices where !placed[start] {
                var current = start
                placed[current] = true
                while order[current] != start {
                    let next = order[current]
                    findings.swapAt(current, next)
                    placed[next] = true
                    current = next
                }
            }
        }
    }

    /// Findings this many or more are ranked and sorted on every core.
    package static let sortedInPartsFrom = 16_384

    /// The positions of `findings` in report order.
    ///
    /// Files and rules are ranked once and each finding's place made a small key: comparing
    /// findings themselves copied two of them on every comparison (a second of one core for a
    /// large snapshot's findings). Many findings are keyed and sorted in parts on every core, and
    /// the sorted parts merged: sorting a large snapshot's findings was most of what one core did
    /// while the others waited for the report.
    static func reportOrder(_ findings: [Finding]) -> [Int] {
        let parts = findings.count >= sortedInPartsFrom ? ProcessInfo.processInfo.activeProcessorCount * 2 : 1
        @Sendable func range(_ part: Int) -> Range<Int> { partRange(part, of: parts, count: findings.count) }
        let names = concurrentMap(count: parts, parallel: parts > 1) { part in
            (files: Set(range(part).map { findings[$0].location.file }), rules: Set(range(part).map { findings[$0].ruleID }))
        }
        let fileRank = Dictionary(uniqueKeysWithValues: names.reduce(into: Set<String>()) { $0.formUnion($1.files) }.sorted().enumerated().map { ($1, $0) })
        let ruleRank = Dictionary(uniqueKeysWithValues: names.reduce(into: Set<String>()) { $0.formUnion($1.rules) }.sorted().enumerated().map { ($1, $0) })
        let keys = concurrentMap(count: parts, parallel: parts > 1) { part in
            range(part).map { index in
                // Each field read in place (binding the finding copied it).
                SortKey(
                    file: fileRank[findings[index].location.file]!, line: findings[index].location.line, column: findings[index].location.column,
                    rule: ruleRank[findings[index].ruleID]!)
            }
        }
        .flatMap { $0 }
        let before = { @Sendable (a: Int, b: Int) -> Bool in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            // Same place, same rule: by subject, then in the order the rules produced them.
            let (x, y) = (findings[a].subject.id, findings[b].subject.id)
            return x != y ? x < y : a < b
        }
        var sorted = concurrentMap(count: parts, parallel: parts > 1) { part in range(part).sorted(by: before) }
        // Merged two by two: `before` is a total order, so the merge is the one sorted whole.
        while sorted.count > 1 {
            var merged: [[Int]] = []
            for pair in stride(from: 0, to: sorted.count, by: 2) {
                merged.append(pair + 1 < sorted.count ? merge(sorted[pair], sorted[pair + 1], by: before) : sorted[pair])
            }
            sorted = merged
        }
        return sorted.first ?? []
    }

    private static func merge(_ a: [Int], _ b: [Int], by before: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if before(b[j], a[i]) {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
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
        // Hashed part by part, as the joined text would be: the text made, hashed and padded
        // was four strings for every finding, a tenth of adding a large snapshot's findings.
        var hash = FNV1a()
        hash.add(organization)
        hash.add(UInt8(ascii: "|"))
        hash.add(ruleID)
        hash.add(UInt8(ascii: "|"))
        hash.add(subject.kind)
        hash.add(UInt8(ascii: "|"))
        hash.add(subject.id)
        return hash.hex
    }

    /// The fingerprint of baselines written before identities (version 1): rule, subject and
    /// snapshot name. Read so old baselines keep working, with a notice.
    public var legacyFingerprint: String {
        Self.fnv("\(ruleID)|\(subject.kind)|\(subject.id)|\(snapshot)")
    }

    /// FNV-1a, 64 bits, as 16 hex digits: the hash every Tandem fingerprint uses.
    public static func fnv(_ text: String) -> String {
        var hash = FNV1a()
        hash.add(text)
        return hash.hex
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
