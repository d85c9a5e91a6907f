import Diagnostics
import Evaluation
import Foundation
import Parallel
import RiskScoring

/// The machine-readable report (schema: `docs/report-schema.json`), keys sorted, version 1.
public struct JSONReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    struct Located: Encodable {
        var code: String
        var severity: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        /// A workbook cell (`people!E2`).
        var cell: String?
        var notes: [String]
    }

    struct WaiverJSON: Encodable {
        var rule: String
        var subject: String
        var reason: String
        var owner: String
        var expires: String
        var ticket: String?
    }

    struct FindingJSON: Encodable {
        var kind: String
        var status: String
        var fingerprint: String
        var rule: String
        var severity: String
        var title: String
        var message: String
        var remediation: String?
        var references: [String]
        var unrecorded: [String]?
        var practice: String
        var level: String
        var phase: String?
        var subject: Finding.Subject
        var snapshot: String
        var file: String
        var line: Int
        var column: Int
        /// A workbook cell (`people!E2`) when the snapshot was imported from one.
        var cell: String?
        var waiver: WaiverJSON?
    }

    struct Summary: Encodable {
        var files: Int
        var snapshots: Int
        var rules: Int
        var findings: Int
        var errors: Int
        var warnings: Int
        var infos: Int
        var insufficientEvidence: Int
        var waived: Int
        var inputErrors: Int
    }

    struct BaselineJSON: Encodable {
        var file: String
        var new: Int
        var unchanged: Int
        var fixed: Int
    }

    struct Document: Encodable {
        var version = 1
        var tool: String
        var complete: Bool
        var policy: String?
        var files: [CheckResult.FileResult]
        var findings: [FindingJSON]
        var risk: [RiskJSON.Report]
        var evidence: [EvidenceJSON.Snapshot]
        var diagnostics: [Located]
        var baseline: BaselineJSON?
        var summary: Summary
    }

    public func render(_ result: CheckResult) throws -> String {
        // Findings are encoded one at a time and spliced into the document, so the encoder never
        // holds a tree of every finding (at 10,000 teams that tree was most of the run's memory).
        let entries = result.entries
        let finding = { @Sendable (index: Int) -> FindingJSON in
            let entry = entries[index]
            let f = entry.finding
            var status = "open"
            var waiver: WaiverJSON?
            switch entry.status {
            case .open: break
            case .baseline: status = "baseline"
            case .waived(let w):
                status = "waived"
                waiver = WaiverJSON(rule: w.rule, subject: w.subject, reason: w.reason, owner: w.owner, expires: w.expiryDate, ticket: w.ticket)
            }
            return FindingJSON(
                kind: f.kind.rawValue, status: status, fingerprint: entry.fingerprint, rule: f.ruleID, severity: f.severity.rawValue,
                title: f.title, message: f.message, remediation: f.remediation, references: f.references,
                unrecorded: f.unrecorded.isEmpty ? nil : f.unrecorded,
                practice: f.practice.rawValue, level: f.level.rawValue, phase: f.phase?.rawValue, subject: f.subject,
                snapshot: f.snapshot, file: f.location.file, line: f.location.line, column: f.location.column, cell: f.location.cell, waiver: waiver)
        }
        let waived = result.entries.filter { if case .waived = $0.status { true } else { false } }.count
        let document = Document(
            tool: "tandem \(result.toolVersion)", complete: result.isComplete,
            policy: result.policy.map { "\($0.name)\($0.version.map { "@\($0)" } ?? "")" }, files: result.files,
            findings: [], risk: result.risk.map(RiskJSON.report), evidence: result.evidence.map(EvidenceJSON.snapshot),
            diagnostics: result.diagnostics.sortedByLocation().map {
                Located(
                    code: $0.code, severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file,
                    line: $0.location?.line, column: $0.location?.column, cell: $0.location?.cell, notes: $0.notes)
            },
            baseline: result.baseline.map { BaselineJSON(file: $0.path, new: $0.new, unchanged: $0.unchanged, fixed: $0.fixed) },
            summary: Summary(
                files: result.files.count, snapshots: result.files.reduce(0) { $0 + $1.snapshots.count }, rules: result.policy?.rules.count ?? 0,
                findings: result.gating.count, errors: result.count(.error), warnings: result.count(.warning), infos: result.count(.info),
                insufficientEvidence: result.undecided.count,
                waived: waived, inputErrors: result.diagnostics.filter { $0.severity == .error }.count))
        return try JSONOutput.encode(document, splicing: entries.count, element: finding, into: "findings", depth: 1)
    }
}

/// Sorted, pretty JSON with a trailing newline.
public enum JSONOutput {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self) + "\n"
    }

    /// `document` (whose array under `key`, at object nesting `depth`, is empty) with `elements`
    /// encoded one by one into that array: the same bytes as encoding them in place, without the
    /// encoder ever holding all of them.
    public static func encode<T: Encodable, E: Encodable & Sendable>(
        _ document: T, splicing elements: [E], into key: String, depth: Int
    ) throws -> String {
        try encode(document, splicing: elements.count, element: { elements[$0] }, into: key, depth: depth)
    }

    /// `document` (whose array under `key`, at object nesting `depth`, is empty) with `count`
    /// elements, element `i` made by `element(i)`, encoded into that array: the same bytes as
    /// encoding them in place, without the encoder ever holding all of them.
    ///
    /// Pretty JSON has no raw newline inside a string, so each element is re-indented line by
    /// line. Elements are made, encoded and re-indented on every core, a batch at a time, and
    /// joined in order, and the array is found by its bytes (``UTF8Search``): with the encoding
    /// on one core and the search by `String.range(of:)`, the two were a quarter and a tenth of
    /// a 10,000-team SARIF run (`perf`).
    public static func encode<T: Encodable, E: Encodable>(
        _ document: T, splicing count: Int, element: @Sendable (Int) -> E, into key: String, depth: Int
    ) throws -> String {
        let text = try encoder().encode(document)
        let outer = String(repeating: "  ", count: depth)
        let placeholder = Array("\n\(outer)\"\(key)\" : [\n\n\(outer)]".utf8)
        guard let at = Self.offset(of: placeholder, in: text) else {
            // A programming error (the key moved), never a silent report without its elements.
            throw EncodingError.invalidValue(key, .init(codingPath: [], debugDescription: "no empty '\(key)' array at depth \(depth) to splice into"))
        }
        // The report is built as a string a batch at a time: built as bytes and then made a
        // string, it was held twice at the end (two copies of a 76 MB SARIF report at 10,000
        // teams).
        var report = String(decoding: text[text.startIndex..<(text.startIndex + at)], as: UTF8.self)
        report += "\n\(outer)\"\(key)\" : ["
        try appendElements(count, element: element, indent: Array((outer + "  ").utf8), to: &report, expecting: text.count - at)
        report += count == 0 ? "\n\n\(outer)]" : "\n\(outer)]"
        report += String(decoding: text[(text.startIndex + at + placeholder.count)...], as: UTF8.self)
        report += "\n"
        return report
    }

    /// `count` elements, element `i` made by `element(i)`, as the top-level array the encoder
    /// would write for them, spliced as ``encode(_:splicing:element:into:depth:)`` splices.
    public static func encodeArray<E: Encodable>(count: Int, element: @Sendable (Int) -> E) throws -> String {
        var report = "["
        try appendElements(count, element: element, indent: Array("  ".utf8), to: &report, expecting: 0)
        report += count == 0 ? "\n\n]\n" : "\n]\n"
        return report
    }

    /// Appends the elements, encoded and re-indented on every core a batch at a time, in order;
    /// `expecting` more bytes are to follow them.
    private static func appendElements<E: Encodable>(
        _ count: Int, element: @Sendable (Int) -> E, indent inner: [UInt8], to report: inout String, expecting: Int
    ) throws {
        for start in stride(from: 0, to: count, by: spliceBatch) {
            let size = min(spliceBatch, count - start)
            let pieces = concurrentArray(count: size, parallel: size >= parallelSplice) { index -> Result<[UInt8], any Error> in
                Result { try Self.indented(Self.encoder().encode(element(start + index)), by: inner, first: start + index == 0) }
            }
            var batch: [UInt8] = []
            batch.reserveCapacity(pieces.reduce(0) { $0 + ((try? $1.get())?.count ?? 0) })
            for piece in pieces { batch += try piece.get() }
            if start == 0, count > size {
                // Room for the whole report, estimated from the first batch, so that appending
                // does not copy it each time it outgrows its storage.
                report.reserveCapacity(report.utf8.count + batch.count / size * count + batch.count / 8 + expecting)
            }
            report += String(decoding: batch, as: UTF8.self)
        }
    }

    /// Elements encoded between two joins: enough to keep every core busy, few enough that the
    /// encoded batch is a small part of the report.
    static let spliceBatch = 4096
    /// Fewer elements than this are encoded on the calling thread.
    static let parallelSplice = 64

    /// An encoded element as it sits in the array: after `,` and a line break (a line break
    /// alone for the first), each line indented by `inner`. Blank lines (inside an empty array)
    /// stay blank, as the encoder writes them.
    static func indented(_ encoded: Data, by inner: [UInt8], first: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 8 + 2)
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\n"))
        encoded.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard let base = bytes.baseAddress else { return }
            var lineStart = 0
            while lineStart < bytes.count {
                let rest = bytes.count - lineStart
                let end = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), rest).map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? bytes.count
                if end > lineStart { out += inner }
                out += UnsafeRawBufferPointer(rebasing: bytes[lineStart..<end])
                if end < bytes.count { out.append(UInt8(ascii: "\n")) }
                lineStart = end + 1
            }
        }
        return out
    }

    /// Where `needle` first occurs in `haystack`.
    static func offset(of needle: [UInt8], in haystack: Data) -> Int? {
        haystack.withUnsafeBytes { bytes in needle.withUnsafeBytes { UTF8Search.offset(of: $0, in: bytes) } }
    }
}

/// Evidence completeness as JSON: part of the check report and of SARIF's run properties.
public enum EvidenceJSON {
    public struct Tally: Encodable {
        var decided: Int
        var applicable: Int
        var completeness: Double?
    }

    public struct Team: Encodable {
        var id: String
        var decided: Int
        var applicable: Int
        var completeness: Double?
    }

    public struct Snapshot: Encodable {
        var snapshot: String
        var file: String
        var overall: Tally
        var organization: Tally
        var teams: [Team]
    }

    static func tally(_ t: EvidenceTally) -> Tally {
        Tally(decided: t.decided, applicable: t.applicable, completeness: t.completeness.map { ($0 * 1000).rounded() / 1000 })
    }

    public static func snapshot(_ r: EvidenceReport) -> Snapshot {
        Snapshot(
            snapshot: r.snapshot, file: r.path, overall: tally(r.evidence.overall), organization: tally(r.evidence.organization),
            teams: r.evidence.teams.keys.sorted().map { id in
                let t = tally(r.evidence.teams[id]!)
                return Team(id: id, decided: t.decided, applicable: t.applicable, completeness: t.completeness)
            })
    }
}
