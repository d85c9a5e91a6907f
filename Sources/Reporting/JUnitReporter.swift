import Evaluation
import Foundation
import Parallel

/// JUnit XML: one test suite per snapshot, one test case per rule × subject checked. Violations are
/// failures, evaluation errors are errors, waived findings are skipped.
public struct JUnitReporter: Reporter {
    /// Creates a reporter.
    public init() {}

    /// Suites of this many cases or more are written on every core.
    var parallelFrom = 4096

    /// Escapes text for XML attributes and content.
    public static func escape(_ text: String) -> String {
        // Most text (ids, rule ids, paths, plain messages) needs nothing: found so by its bytes,
        // it is returned as it is. Escaped one scalar at a time, every piece of text in a
        // 10,000-team report was a tenth of the run.
        let needsWork = text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { Self.isSpecial($0) } } ?? true
        guard needsWork else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.first {
            if let entity = MarkupEntity.of(byte, apostrophe: "&apos;") {
                out += entity.utf8
                bytes = bytes.dropFirst()
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"): out += "&#10;".utf8
            case UInt8(ascii: "\t"): out.append(byte)
            // XML 1.0 forbids most control characters even as references, and U+FFFE and U+FFFF
            // (EF BF BE, EF BF BF) outright.
            case ..<0x20: out.append(UInt8(ascii: " "))
            case 0xEF where bytes.count >= 3 && bytes.dropFirst().first == 0xBF && bytes.dropFirst(2).first! >= 0xBE:
                out.append(UInt8(ascii: " "))
                bytes = bytes.dropFirst(3)
                continue
            default: out.append(byte)
            }
            bytes = bytes.dropFirst()
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `byte` may start something ``escape(_:)`` changes.
    @inline(__always) private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xEF: true
        case ..<0x20: byte != UInt8(ascii: "\t")
        default: MarkupEntity.of(byte, apostrophe: "&apos;") != nil
        }
    }

    struct Case: Sendable {
        var rule: String
        var subject: Finding.Subject
        var entry: CheckResult.Entry?
        var status: RuleOutcome.Status
    }

    /// A rule × subject: compared as three strings, not as one string made for each case.
    private struct CaseKey: Hashable {
        var rule: String
        var kind: String
        var id: String
    }

    public func render(_ result: CheckResult) throws -> String {
        // JUnit leaves the organization (CI servers): people by id unless --include-names.
        let result = result.forExport()
        var suites: [(name: String, file: String, cases: [Case])] = []
        // Grouped once; scanning every entry and outcome per snapshot was quadratic.
        let entriesBySnapshot = Dictionary(grouping: result.entries, by: { "\($0.finding.location.file)\u{0}\($0.finding.snapshot)" })
        let outcomesBySnapshot = Dictionary(grouping: result.outcomes, by: \.snapshot)
        for file in result.files {
            for snapshot in file.snapshots {
                var cases: [Case] = []
                var byKey: [CaseKey: CheckResult.Entry] = [:]
                for entry in entriesBySnapshot["\(file.path)\u{0}\(snapshot)"] ?? [] {
                    byKey[CaseKey(rule: entry.finding.ruleID, kind: entry.finding.subject.kind, id: entry.finding.subject.id)] = entry
                }
                var covered = Set<CaseKey>()
                for outcome in outcomesBySnapshot[snapshot] ?? [] {
                    let key = CaseKey(rule: outcome.ruleID, kind: outcome.subject.kind, id: outcome.subject.id)
                    guard covered.insert(key).inserted else { continue }
                    cases.append(Case(rule: outcome.ruleID, subject: outcome.subject, entry: byKey[key], status: outcome.status))
                }
                for (key, entry) in byKey where !covered.contains(key) {
                    cases.append(
                        Case(
                            rule: entry.finding.ruleID, subject: entry.finding.subject, entry: entry,
                            status: entry.finding.kind == .evaluationError
                                ? .error
                                : entry.finding.kind == .insufficientEvidence ? .insufficient : .failed))
                }
                cases.sort { ($0.rule, $0.subject.kind, $0.subject.id) < ($1.rule, $1.subject.kind, $1.subject.id) }
                suites.append((snapshot, file.path, cases))
            }
        }
        func counts(_ cases: [Case]) -> (tests: Int, failures: Int, errors: Int, skipped: Int) {
            var failures = 0, errors = 0, skipped = 0
            for c in cases {
                switch (c.entry?.status, c.status) {
                case (.waived?, _), (.baseline?, _), (_, .insufficient): skipped += 1
                case (_, .failed): failures += 1
                case (_, .error): errors += 1
                default: break
                }
            }
            return (cases.count, failures, errors, skipped)
        }
        let all = suites.flatMap(\.cases)
        var total = counts(all)
        // Every input error is a test case in error: a run whose inputs could not be read must not
        // look like a clean test tab.
        let inputErrors = result.diagnostics.sortedByLocation().filter { $0.severity == .error }
        total.tests += inputErrors.count
        total.errors += inputErrors.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tandem\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"\(total.errors)\" skipped=\"\(total.skipped)\">\n"
        if !inputErrors.isEmpty {
            out += "  <testsuite name=\"input\" tests=\"\(inputErrors.count)\" failures=\"0\" errors=\"\(inputErrors.count)\" skipped=\"0\">\n"
            for (index, d) in inputErrors.enumerated() {
                let place = d.location.map { "\($0)" } ?? "input \(index + 1)"
                var attributes = "classname=\"\(Self.escape(d.code))\" name=\"\(Self.escape(place))\""
                if let location = d.location { attributes += " file=\"\(Self.escape(location.file))\" line=\"\(location.line)\"" }
                out += "    <testcase \(attributes)>\n"
                out += "      <error type=\"\(Self.escape(d.code))\" message=\"\(Self.escape(d.message))\">\(Self.escape(d.description))</error>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        for suite in suites {
            let c = counts(suite.cases)
            out +=
                "  <testsuite name=\"\(Self.escape(suite.name))\" file=\"\(Self.escape(suite.file))\" tests=\"\(c.tests)\" failures=\"\(c.failures)\" errors=\"\(c.errors)\" skipped=\"\(c.skipped)\">\n"
            // A large suite's cases are written on every core, a part each, joined in order:
            // written on one, a 10,000-team snapshot's 211,000 cases made rendering a quarter of
            // the run's samples in `perf`; on every core, a fifth.
            let cases = suite.cases
            let parts = cases.count >= parallelFrom ? ProcessInfo.processInfo.activeProcessorCount * 4 : 1
            for text in concurrentArray(count: parts, parallel: parts > 1, { part in Self.write(cases[partRange(part, of: parts, count: cases.count)]) }) {
                out += text
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// The `<testcase>` elements of `cases`.
    private static func write(_ cases: ArraySlice<Case>) -> String {
        var out = ""
        for testCase in cases {
            let name = "\(testCase.subject.kind) \(testCase.subject.id)"
            var attributes = "classname=\"\(escape(testCase.rule))\" name=\"\(escape(name))\""
            if let f = testCase.entry?.finding {
                attributes += " file=\"\(escape(f.location.file))\" line=\"\(f.location.line)\""
            }
            guard let entry = testCase.entry else {
                out += "    <testcase \(attributes)/>\n"
                continue
            }
            let f = entry.finding
            out += "    <testcase \(attributes)>\n"
            switch (entry.status, testCase.status) {
            case (.waived(let waiver), _):
                out += "      <skipped message=\"\(escape("waived until \(waiver.expiryDate) by \(waiver.owner): \(waiver.reason)"))\"/>\n"
            case (.baseline, _):
                out += "      <skipped message=\"in baseline\"/>\n"
            case (_, .insufficient):
                out += "      <skipped message=\"\(escape("insufficient evidence: \(f.message)"))\"/>\n"
            case (_, .error):
                out += "      <error type=\"evaluation-error\" message=\"\(escape(f.message))\">\(escape("\(f.location): \(f.message)"))</error>\n"
            default:
                let body = "\(f.location): \(f.title)\n\(f.message)" + (f.remediation.map { "\nfix: \($0)" } ?? "")
                out += "      <failure type=\"\(f.severity.rawValue)\" message=\"\(escape(f.message))\">\(escape(body))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        return out
    }
}
