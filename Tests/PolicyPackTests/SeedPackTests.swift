import Diagnostics
import Evaluation
import PolicyCompiler
import PolicyTesting
import TestSupport
import Testing

/// The seed pack's rules are specified by their own examples (SwiftLint style): every rule has at
/// least one passing and one failing example, and each behaves as declared.
@Suite("Seed policy pack: Policies/partners-in-care")
struct SeedPackTests {
    static let compiled = PolicyCompiler().compile(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])

    @Test func compilesWithoutDiagnostics() throws {
        #expect(Self.compiled.diagnostics.map(\.description) == [])
        let set = try #require(Self.compiled.policySet)
        // The README and docs/rules.md state these counts.
        #expect(set.rules.count == 50)
        let byPractice = Dictionary(grouping: set.rules, by: \.practice).mapValues(\.count)
        #expect(byPractice == [.design: 7, .structuring: 12, .operational: 21, .evaluation: 10])
    }

    @Test func coversEveryPracticeType() throws {
        let set = try #require(Self.compiled.policySet)
        for practice in PracticeType.allCases {
            #expect(set.rules.contains { $0.practice == practice }, "\(practice)")
        }
    }

    @Test func everyRuleCitesItsSourceAndHasBothKindsOfExample() throws {
        let set = try #require(Self.compiled.policySet)
        for rule in set.rules {
            #expect(!rule.references.isEmpty, "\(rule.id) cites no source")
            #expect(!rule.examples.passing.isEmpty, "\(rule.id) has no passing example")
            #expect(!rule.examples.failing.isEmpty, "\(rule.id) has no failing example")
            #expect(!rule.examples.insufficient.isEmpty, "\(rule.id) has no insufficient-evidence example")
            #expect(rule.remediation != nil, "\(rule.id) has no remediation")
        }
    }

    @Test func everyExampleBehavesAsDeclared() throws {
        let set = try #require(Self.compiled.policySet)
        let runner = ExampleRunner()
        var count = 0
        for rule in set.rules {
            for outcome in runner.run(rule, in: set) {
                count += 1
                #expect(outcome.problem == nil, "\(outcome.location) \(rule.id) (\(outcome.expected.rawValue) example): \(outcome.problem ?? "")")
            }
        }
        #expect(count == 182)
    }
}

/// The counts the README states are the compiled pack's.
@Suite("README claims about the seed pack")
struct ReadmeClaimTests {
    @Test func ruleCountsMatchThePack() throws {
        let set = try #require(SeedPackTests.compiled.policySet)
        let readme = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let n = set.rules.count
        #expect(readme.contains("\(n) rules across the four practice types"))
        #expect(readme.contains("(\(n)/\(n) rules covered)"))
        // Every rule count the README states is this one.
        let counts = readme.matches(of: #/\((\d+) rules|\b(\d+) rules\b/#).compactMap { Int($0.1 ?? $0.2 ?? "") }
        #expect(counts.filter { $0 != n } == [], "README states rule counts \(counts)")
        let model = try #require(SeedPackTests.compiled.riskModel)
        #expect(readme.contains("\(n) rules, \(model.teamFactors.count + model.organizationFactors.count) risk factors"))
    }

    /// The coverage the README states is what `tandem test` measures on the pack's tests and
    /// examples, not only a rule count written twice.
    @Test func statedCoverageIsMeasured() throws {
        let report = PolicyTestRunner().run(paths: [TandemProcess.packageRoot.appendingPathComponent("Policies/partners-in-care").path])
        let covered = report.ruleCount - Set(report.uncovered.map(\.rule)).count
        let readme = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(\(covered)/\(report.ruleCount) rules covered)"))
    }

    @Test func theDiagnosticCapIsTheRenderers() throws {
        let readme = try String(contentsOf: TandemProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("At most \(DiagnosticRenderer.perFileLimit) diagnostics are shown per file"))
    }
}
