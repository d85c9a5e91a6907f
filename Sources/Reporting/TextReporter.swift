import Diagnostics
import Evaluation
import Parallel
import PolicyCompiler
import RiskScoring

/// The terminal report: findings grouped by snapshot, subject (organization, teams, people) and
/// practice type, severities coloured when `color` is set, and a summary line.
public struct TextReporter: Reporter {
    /// Whether to use ANSI colours (the CLI sets it for a terminal without `NO_COLOR`).
    public var color: Bool
    /// Tandem's own words in the report's language (rule texts come compiled in it).
    public var words: Vocabulary
    /// From how many subjects a snapshot's blocks are rendered on every core (tests compare).
    var parallelFrom = 256

    /// Creates a reporter.
    public init(color: Bool, language: Language = .en) {
        self.color = color
        self.words = .of(language)
    }

    /// `text` marked with the severity's colour (``TerminalStyle``), which ``finished(_:)`` turns
    /// into ANSI codes once the line is safe.
    private func paint(_ text: String, _ severity: Severity) -> String {
        guard color else { return text }
        let style: TerminalStyle =
            switch severity {
            case .error: .red
            case .warning: .yellow
            case .info: .cyan
            }
        return style.span(text)
    }

    /// An untrusted value (a name, a message, a path) as part of one line.
    private func safe(_ text: String) -> String { SafeText.inline(text) }

    private func bold(_ text: String) -> String { color ? TerminalStyle.bold.span(text) : text }

    /// Whole lines made safe for the terminal or a log, their marked spans coloured when
    /// ``color`` is set.
    private func finished(_ text: String) -> String { SafeText.output(text, styled: color) }

    private static func subjectRank(_ kind: String) -> Int {
        switch kind {
        case "Organization": 0
        case "Team": 1
        default: 2
        }
    }

    public func render(_ result: CheckResult) throws -> String {
        let index = Index(result)
        var out = ""
        for file in result.files { renderFile(file, result, index) { out += $0 } }
        return out + finished(summary(result))
    }

    /// One file's section — its line, then each snapshot's findings, risk and evidence — handed
    /// to `emit` a few whole lines at a time (a subject's findings, a risk line), already made
    /// safe: a streamed report writes it as soon as the file is checked, never holding a large
    /// snapshot's report whole (``renderSummary(_:)`` comes last).
    public func write(file: CheckResult.FileResult, in result: CheckResult, to emit: (String) -> Void) {
        renderFile(file, result, Index(result), emit)
    }

    /// The closing summary line.
    public func renderSummary(_ result: CheckResult) -> String {
        finished(summary(result))
    }

    /// The result grouped once, as positions in `result.entries` (copies of the entries, several
    /// at once, were most of a large check's memory): reported entries per file, and risk and
    /// evidence by (file, snapshot). Looking them up per snapshot by scanning made 10,000
    /// snapshots quadratic.
    /// The runs of consecutive positions in `0..<count` that share a key, in order, each with its
    /// key: findings come in runs of one file and one snapshot, grouped with one hash per run.
    static func runs(of count: Int, key: (Int) -> String) -> [(key: String, positions: Range<Int>)] {
        var runs: [(key: String, positions: Range<Int>)] = []
        var start = 0
        while start < count {
            let first = key(start)
            var end = start + 1
            while end < count, key(end) == first { end += 1 }
            runs.append((first, start..<end))
            start = end
        }
        return runs
    }

    private struct Index {
        var byFile: [String: [Int]] = [:]
        let risks: [String: RiskReport]
        let evidences: [String: EvidenceReport]

        init(_ result: CheckResult) {
            // Fields read in place, not each entry copied (a dozen references counted per
            // finding, on one core, for the hundreds of thousands of a large check); findings of
            // one file come in runs, each hashed once.
            let entries = result.entries
            for (file, run) in TextReporter.runs(of: entries.count, key: { entries[$0].finding.location.file }) {
                let positions = run.filter { entries[$0].status != .baseline }
                if !positions.isEmpty { byFile[file, default: []].append(contentsOf: positions) }
            }
            risks = Dictionary(result.risk.map { ("\($0.path)\u{0}\($0.snapshot)", $0) }, uniquingKeysWith: { first, _ in first })
            evidences = Dictionary(result.evidence.map { ("\($0.path)\u{0}\($0.snapshot)", $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Hands `emit` the file's section in whole lines, each piece already made safe
    /// (``SafeText/output(_:styled:)`` works line by line, so pieces made safe one by one are the whole
    /// made safe): the subjects' blocks are made safe on the cores that render them.
    private func renderFile(_ file: CheckResult.FileResult, _ result: CheckResult, _ index: Index, _ emit: (String) -> Void) {
        if file.errors > 0 {
            emit(finished("\(paint("✗", .error)) \(safe(file.path)): \(words.count(file.errors, .inputError)) \(words.seeStderr)\n"))
            return
        }
        let entries = result.entries
        let inFile = index.byFile[file.path] ?? []
        var (openCount, undecidedCount, waived) = (0, 0, 0)
        for position in inFile {
            if !entries[position].isOpen {
                waived += 1
            } else if entries[position].finding.kind == .insufficientEvidence {
                undecidedCount += 1
            } else {
                openCount += 1
            }
        }
        let mark = openCount == 0 ? "✓" : paint("✗", .error)
        var line = "\(mark) \(bold(safe(file.path))): \(words.count(file.snapshots.count, .snapshot))"
        if result.policy != nil {
            line += ", \(words.count(openCount, .finding))"
            if waived > 0 { line += " \(words.waived(waived))" }
            if undecidedCount > 0 { line += ", \(words.undecided(undecidedCount))" }
        } else {
            line += " \(words.valid)"
        }
        emit(finished(line + "\n"))
        // Findings of one snapshot come in runs, each hashed once.
        var bySnapshot: [String: [Int]] = [:]
        for (snapshot, run) in Self.runs(of: inFile.count, key: { entries[inFile[$0]].finding.snapshot }) {
            bySnapshot[snapshot, default: []].append(contentsOf: inFile[run])
        }
        for snapshot in file.snapshots {
            let mine = bySnapshot[snapshot] ?? []
            let key = "\(file.path)\u{0}\(snapshot)"
            renderSnapshot(mine.filter { entries[$0].finding.kind != .insufficientEvidence }, entries, index.risks[key], emit)
            emit(finished(renderUndecided(mine.filter { entries[$0].finding.kind == .insufficientEvidence }, entries, index.evidences[key])))
        }
    }

    private func renderSnapshot(_ positions: [Int], _ entries: [CheckResult.Entry], _ risk: RiskReport?, _ emit: (String) -> Void) {
        // One pass to group, each subject hashed once (its three strings were hashed four times
        // per finding); subjects ordered organization, teams, people, then by first line.
        // A finding about the same subject as the finding before it joins that group without
        // hashing (a subject's findings often point into its own lines, one after another).
        var groupOf: [Finding.Subject: Int] = [:]
        var groups: [(subject: Finding.Subject, positions: [Int], firstLine: Int)] = []
        var current = -1
        for position in positions {
            let line = entries[position].finding.location.line
            if current >= 0, entries[position].finding.subject == groups[current].subject {
                groups[current].positions.append(position)
                groups[current].firstLine = min(groups[current].firstLine, line)
                continue
            }
            let subject = entries[position].finding.subject
            if let group = groupOf[subject] {
                groups[group].positions.append(position)
                groups[group].firstLine = min(groups[group].firstLine, line)
                current = group
            } else {
                current = groups.count
                groupOf[subject] = current
                groups.append((subject, [position], line))
            }
        }
        groupOf = [:]
        let keyed = groups.map { group -> (key: Int, group: (subject: Finding.Subject, positions: [Int], firstLine: Int)) in
            ((Self.subjectRank(group.subject.kind) << 40) | group.firstLine, group)
        }
        let ordered = keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.group.subject.id < $1.group.subject.id }.map(\.group)
        groups = []
        // Subjects are rendered on every core, a batch at a time, and emitted in order: the text
        // of a large report was a second of one core after the checks had used all of them.
        let parallel = ordered.count >= parallelFrom
        // The severities' padded (and painted) names, made once for every line.
        let labels = Severity.allCases.map { paint(Self.padded(words.severity($0), to: 7), $0) }
        for start in stride(from: 0, to: ordered.count, by: Self.renderBatch) {
            let batch = ordered[start..<min(start + Self.renderBatch, ordered.count)]
            let texts = concurrentMap(count: batch.count, parallel: parallel) { index in
                let group = batch[batch.startIndex + index]
                return finished(self.renderSubject(group.subject, group.positions, entries, labels: labels))
            }
            for text in texts { emit(text) }
        }
        if let risk {
            // A large organization's line names its highest-scoring teams only (see
            // `listedTeams`).
            // Positions sorted, not the scores: each score is a dozen references, copied as a sort
            // moves it.
            let teams =
                risk.teams.count > Self.listedTeams
                ? risk.teams.indices.sorted { (risk.teams[$0].score, risk.teams[$1].subject.id) > (risk.teams[$1].score, risk.teams[$0].subject.id) }.prefix(Self.listedTeams)
                    .map { risk.teams[$0] } : risk.teams
            let shown = [risk.organization] + teams
            var out =
                "  \(words.tokenismRisk)"
                + shown.map { score in
                    let label = score.subject.kind == "Organization" ? words.organizationLabel : safe(score.subject.id)
                    let range = score.low == score.high ? "" : " [\(RiskScorer.format(score.low))–\(RiskScorer.format(score.high))]"
                    return "\(label) \(RiskScorer.format(score.score)) \(paint(words.band(score.band), score.band >= .high ? .error : score.band == .moderate ? .warning : .info))\(range)"
                }.joined(separator: "; ")
            out += (risk.teams.count > teams.count ? "; \(words.otherTeamsRisk(risk.teams.count - teams.count))" : "") + "\n"
            if shown.contains(where: { $0.low != $0.high }) {
                out += "    \(words.rangeNote)\n"
            }
            if let top = risk.organization.largestFactor {
                out += "    \(words.largestFactor) \(safe(top.factorID)) (+\(RiskScorer.format(top.points))): \(safe(top.explanation))\n"
            }
            emit(finished(out))
        }
    }

    /// `text` cut or padded with spaces to `width` characters (as Foundation's
    /// `padding(toLength:withPad:startingAt:)`, which took 3,500 instructions a call).
    static func padded(_ text: String, to width: Int) -> String {
        let count = text.count
        if count >= width { return count == width ? text : String(text.prefix(width)) }
        return text + String(repeating: " ", count: width - count)
    }

    /// `text` padded with spaces to at least `width` characters, never cut.
    static func atLeast(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// How many subjects are rendered together before their text is emitted.
    static let renderBatch = 2048

    /// The most teams a summary line names (the risk line, the evidence line): past it, the
    /// highest-scoring or least complete are named and the rest counted. Our choice: a
    /// committee reads such a line whole, and twenty names fit a printed page's paragraph.
    public static let listedTeams = 20

    /// The block of one subject: its name, then its findings by practice (`labels` as
    /// ``renderEntry(_:labels:into:)`` takes them).
    ///
    /// Written as UTF-8 into one buffer, each line piece by piece, and made a string once: a line
    /// made by interpolation and then joined was a dozen strings for every finding, and appending
    /// to a `String` checked each piece again, together most of rendering a large report.
    private func renderSubject(_ subject: Finding.Subject, _ mine: [Int], _ entries: [CheckResult.Entry], labels: [String]) -> String {
        let title = subject.name.map { $0 == subject.id ? "" : " — \(safe($0))" } ?? ""
        var out = TextBuffer(capacity: 256 + mine.count * 192)
        out += "  "
        out += words.subjectKind(subject.kind)
        out += " "
        out += safe(subject.id)
        out += title
        out += "\n"
        for practice in PracticeType.allCases {
            let group = mine.filter { entries[$0].finding.practice == practice }
            guard !group.isEmpty else { continue }
            out += "    "
            out += words.practice(practice)
            out += "\n"
            for position in group { renderEntry(entries[position], labels: labels, into: &out) }
        }
        return out.text
    }

    /// One finding's line, and its fix when open, appended to `out`; `labels` are the severities'
    /// padded (and painted) names, in `Severity.allCases` order. The entry is borrowed: copied,
    /// each finding counted a reference on each of its texts, which the findings of a rule share.
    private func renderEntry(_ entry: borrowing CheckResult.Entry, labels: [String], into out: inout TextBuffer) {
        out += "      "
        out.place(entry.finding.location)
        if case .waived(let waiver) = entry.status {
            out +=
                " \(Self.padded(words.waivedTag, to: 8))\(safe(entry.finding.ruleID))  \(safe(entry.finding.message)) "
                + words.waivedUntil(safe(waiver.expiryDate), safe(waiver.owner), safe(waiver.reason))
        } else {
            out += " "
            out += labels[Severity.allCases.firstIndex(of: entry.finding.severity) ?? 0]
            out += " "
            out += safe(entry.finding.ruleID)
            if entry.finding.kind == .evaluationError {
                out += " "
                out += words.evaluationError
            }
            out += "  "
            out += safe(entry.finding.message)
        }
        out += "\n"
        if entry.isOpen, entry.finding.kind == .violation, let remediation = entry.finding.remediation {
            out += "                      "
            out += words.fix
            out += " "
            out += safe(remediation)
            out += "\n"
        }
    }

    /// The checks that apply but lack a recorded fact, one line each, after the evidence figure.
    private func renderUndecided(_ positions: [Int], _ entries: [CheckResult.Entry], _ evidence: EvidenceReport?) -> String {
        guard let evidence, evidence.evidence.overall.applicable > 0 else { return "" }
        var out = "  \(words.evidenceCompleteness) \(EvidenceReport.describe(evidence.evidence.overall, words))"
        let breakdown = evidence.breakdown(words, listing: Self.listedTeams)
        out += breakdown.isEmpty ? "\n" : "; \(safe(breakdown))\n"
        guard !positions.isEmpty else { return out }
        out += "  \(words.insufficientHeading)\n"
        for position in positions {
            let f = entries[position].finding
            let place = Self.atLeast(f.location.place, 7)
            out += "      \(place) \(safe(f.ruleID))  \(words.subjectKind(f.subject.kind)) \(safe(f.subject.id)): \(f.unrecorded.joined(separator: ", ")) \(words.notRecorded)\n"
        }
        return out
    }

    private func summary(_ result: CheckResult) -> String {
        let snapshots = result.files.reduce(0) { $0 + $1.snapshots.count }
        var parts = [words.count(result.files.count, .file), words.count(snapshots, .snapshot)]
        if let policy = result.policy {
            parts.append(words.count(policy.rules.count, .rule))
            // From the tally, not the findings: a streamed report has let them go by now.
            let open = result.tally.gatingTotal
            parts.append("\(words.count(open, .finding)) \(words.bySeverity(result.count(.error), result.count(.warning), result.count(.info)))")
            if result.tally.undecided > 0 { parts.append(words.undecided(result.tally.undecided)) }
            if result.tally.waived > 0 { parts.append(words.waived(result.tally.waived).dropFirst().dropLast().description) }
        }
        if let baseline = result.baseline {
            parts.append(words.baseline(baseline.new, baseline.unchanged, baseline.fixed))
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        parts.append(words.count(errors, .inputError))
        return parts.joined(separator: ", ") + (result.isComplete ? "\n" : " \(words.incomplete)\n")
    }
}

/// Text written as UTF-8 bytes, piece by piece, and made a `String` once.
struct TextBuffer {
    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    static func += (buffer: inout TextBuffer, piece: String) {
        buffer.bytes.append(contentsOf: piece.utf8)
    }

    /// A finding's place — `line:column`, or a workbook's cell — padded with spaces to at least 7
    /// characters, as ``TextReporter/atLeast(_:_:)`` pads it.
    mutating func place(_ location: SourceLocation) {
        guard location.cell == nil else { return self += TextReporter.atLeast(location.place, 7) }
        let start = bytes.count
        digits(location.line)
        bytes.append(UInt8(ascii: ":"))
        digits(location.column)
        // Digits and a colon: one character a byte.
        let width = bytes.count - start
        if width < 7 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 7 - width)) }
    }

    /// `number` in decimal.
    private mutating func digits(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var rest = number.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    /// The text written.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
