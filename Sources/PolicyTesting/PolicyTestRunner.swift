import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import RiskScoring
import SnapshotModel
import YAMLSource

/// Runs `PolicyTest` files and the rule examples of the policy sets they test, and measures rule
/// coverage: a rule is covered when some passing case checked it and it held, and some passing case
/// made it report a violation.
public struct PolicyTestRunner: Sendable {
    /// One case's result.
    public struct CaseResult: Sendable {
        /// The file the case is in (or the policy file, for rule examples).
        public var file: String
        /// The case's name.
        public var name: String
        /// Where it is written.
        public var location: SourceLocation
        /// What did not match; empty when the case passed.
        public var problems: [String]
        /// Whether it passed.
        public var passed: Bool { problems.isEmpty }
    }

    /// Everything one run produced.
    public struct Report: Sendable {
        /// Cases from PolicyTest files.
        public var cases: [CaseResult] = []
        /// Rule examples run as cases.
        public var examples: [CaseResult] = []
        /// Rules lacking a passing case, and rules lacking a failing case, per policy set.
        public var uncovered: [(rule: String, missing: String)] = []
        /// Rules in the policy sets tested.
        public var ruleCount = 0
        /// Problems with the test files themselves.
        public var diagnostics: [Diagnostic] = []
        /// Files read.
        public var sources: [SourceText] = []

        /// Whether every case and example passed and the files were valid.
        public var passed: Bool {
            !diagnostics.containsErrors && cases.allSatisfy(\.passed) && examples.allSatisfy(\.passed)
        }
    }

    /// Limits for reading files.
    public var limits: YAMLLimits

    /// Creates a runner.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    private struct Compiled {
        var set: CompiledPolicySet
        var model: CompiledRiskModel?
        var passing: Set<String> = []
        var failing: Set<String> = []
    }

    /// Runs every PolicyTest document under `paths` (files or directories).
    public func run(paths: [String]) -> Report {
        var report = Report()
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                files += SourceFiles.files(under: path)
            } else {
                files.append(path)
            }
        }
        var compiledSets: [String: Compiled] = [:]
        var order: [String] = []
        for file in files {
            let read = SourceFiles(operands: [file], maxBytes: limits.maxBytes)
            report.diagnostics += read.diagnostics
            guard let source = read.sources.first else { continue }
            let loaded = YAMLLoader(limits: limits).load(source)
            let tests = loaded.documents.filter { $0.root["kind"]?.string == PolicyTestSchema.kind }
            if tests.isEmpty { continue }
            report.sources.append(source)
            report.diagnostics += loaded.diagnostics
            for document in tests {
                let problems = SchemaValidator(root: PolicyTestSchema.root, codePrefix: "TEST").validate(document)
                report.diagnostics += problems
                if problems.containsErrors { continue }
                let directory = (file as NSString).deletingLastPathComponent
                let policyPath =
                    document.root["policy"]?.string.map { lexicallyNormalized($0.hasPrefix("/") ? $0 : (directory as NSString).appendingPathComponent($0)) }
                    ?? (directory as NSString).deletingLastPathComponent
                let key = URL(fileURLWithPath: policyPath).standardizedFileURL.path
                if compiledSets[key] == nil {
                    let result = PolicyCompiler(limits: limits).compile(paths: [policyPath])
                    report.diagnostics += result.diagnostics
                    report.sources += result.sources
                    guard let set = result.policySet else { continue }
                    compiledSets[key] = Compiled(set: set, model: result.riskModel)
                    order.append(key)
                }
                guard var compiled = compiledSets[key] else { continue }
                for node in document.root["cases"]?.sequence ?? [] {
                    report.cases.append(runCase(node, document, directory, &compiled))
                }
                compiledSets[key] = compiled
            }
        }
        for key in order {
            guard var compiled = compiledSets[key] else { continue }
            let runner = ExampleRunner()
            for rule in compiled.set.rules {
                let outcomes = runner.run(rule, in: compiled.set)
                var seen: [ExampleRunner.Verdict: Int] = [:]
                for outcome in outcomes {
                    // Test names are identities in JUnit consumers: number the examples of a kind
                    // when a rule has several, so none is merged with another.
                    seen[outcome.expected, default: 0] += 1
                    let ofKind = outcomes.count { $0.expected == outcome.expected }
                    let kind = outcome.expected == .pass ? "passing" : outcome.expected == .fail ? "failing" : "insufficient-evidence"
                    let name = "\(rule.id) \(kind) example" + (ofKind > 1 ? " \(seen[outcome.expected]!)" : "")
                    report.examples.append(CaseResult(file: outcome.location.file, name: name, location: outcome.location, problems: outcome.problem.map { [$0] } ?? []))
                    if outcome.problem == nil {
                        switch outcome.expected {
                        case .pass: compiled.passing.insert(rule.id)
                        case .fail: compiled.failing.insert(rule.id)
                        case .insufficient: break
                        }
                    }
                }
            }
            report.ruleCount += compiled.set.rules.count
            for rule in compiled.set.rules {
                if !compiled.passing.contains(rule.id) { report.uncovered.append((rule.id, "no passing case")) }
                if !compiled.failing.contains(rule.id) { report.uncovered.append((rule.id, "no failing case")) }
            }
        }
        return report
    }

    private func runCase(_ node: YAMLNode, _ document: YAMLDocument, _ directory: String, _ compiled: inout Compiled) -> CaseResult {
        let name = node["name"]?.string ?? "case"
        let location = document.location(node.mark)
        var snapshots: [Snapshot] = []
        if let path = node["snapshot"]?.string {
            let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
            let read = SourceFiles(operands: [full], maxBytes: limits.maxBytes)
            guard let source = read.sources.first else {
                return CaseResult(file: document.path, name: name, location: location, problems: read.diagnostics.map(\.description))
            }
            let loaded = SnapshotLoader(limits: limits).load(source)
            if loaded.diagnostics.containsErrors {
                return CaseResult(file: document.path, name: name, location: location, problems: loaded.diagnostics.map(\.description))
            }
            snapshots = loaded.snapshots
        } else if let input = node["input"] {
            let (snapshot, problems) = ExampleSnapshot.build(input, in: document)
            guard let snapshot else { return CaseResult(file: document.path, name: name, location: location, problems: problems.map(\.description)) }
            snapshots = [snapshot]
        } else {
            return CaseResult(file: document.path, name: name, location: location, problems: ["the case needs a snapshot or an input"])
        }

        let evaluator = PolicyEvaluator(compiled.set)
        var findings: [Finding] = []
        var outcomes: [RuleOutcome]? = []
        var risk: [RiskReport] = []
        for snapshot in snapshots {
            let found = evaluator.evaluate(snapshot, outcomes: &outcomes)
            findings += found
            if let model = compiled.model { risk.append(RiskScorer(model).score(snapshot, findings: found)) }
        }

        var problems: [String] = []
        let expect = node["expect"]
        func matches(_ f: Finding, _ e: YAMLNode) -> Bool {
            f.ruleID == e["rule"]?.string && (e["subject"]?.string.map { $0 == f.subject.id } ?? true)
                && (e["severity"]?.string.map { $0 == f.severity.rawValue } ?? true)
                && (e["kind"]?.string.map { $0 == f.kind.rawValue } ?? true)
        }
        func describe(_ e: YAMLNode) -> String {
            "\(e["rule"]?.string ?? "?")\(e["subject"]?.string.map { " on \($0)" } ?? "")\(e["severity"]?.string.map { " (\($0))" } ?? "")"
        }
        let expected = expect?["findings"]?.sequence ?? []
        for e in expected where !findings.contains(where: { matches($0, e) }) {
            let near = findings.filter { $0.ruleID == e["rule"]?.string }.map { "\($0.subject.id) (\($0.severity.rawValue))" }
            problems.append("missing: \(describe(e))" + (near.isEmpty ? "" : "; the rule reported \(near.joined(separator: ", "))"))
        }
        for e in expect?["absent"]?.sequence ?? [] {
            for f in findings where matches(f, e) { problems.append("unexpected: \(f.ruleID) on \(f.subject.id) (\(f.severity.rawValue)): \(f.message)") }
        }
        if expect?["only"]?.scalar == .bool(true) {
            for f in findings where !expected.contains(where: { matches(f, $0) }) {
                problems.append("unexpected: \(f.ruleID) on \(f.subject.id) (\(f.severity.rawValue)): \(f.message)")
            }
        }
        for e in expect?["risk"]?.sequence ?? [] {
            guard let subject = e["subject"]?.string, let band = e["band"]?.string else { continue }
            let scores = risk.flatMap { subject == "organization" ? [$0.organization] : $0.teams.filter { $0.subject.id == subject } }
            if scores.isEmpty {
                problems.append("risk: no score for \(subject)\(compiled.model == nil ? " (the policy set has no RiskModel)" : "")")
            }
            for score in scores where score.band.rawValue != band {
                problems.append("risk \(subject): expected \(band), got \(score.band.rawValue) (\(RiskScorer.format(score.score)))")
            }
            if let range = e["range"]?.sequence?.compactMap(\.string), range.count == 2 {
                for score in scores where [score.lowBand.rawValue, score.highBand.rawValue] != range {
                    problems.append("risk \(subject): expected range \(range.joined(separator: "–")), got \(score.lowBand.rawValue)–\(score.highBand.rawValue) (\(score.summary))")
                }
            }
        }
        if problems.isEmpty {
            for outcome in outcomes ?? [] {
                switch outcome.status {
                case .passed: compiled.passing.insert(outcome.ruleID)
                case .failed: compiled.failing.insert(outcome.ruleID)
                case .error, .insufficient: break
                }
            }
        }
        return CaseResult(file: document.path, name: name, location: location, problems: problems)
    }
}

/// `a/tests/../b.yaml` as `a/b.yaml`, without touching the file system (so reports name the file
/// as a user would, and relative paths stay relative).
func lexicallyNormalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == "..", let last = parts.last, last != ".." {
            parts.removeLast()
        } else {
            parts.append(part)
        }
    }
    let joined = parts.joined(separator: "/")
    return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
}
