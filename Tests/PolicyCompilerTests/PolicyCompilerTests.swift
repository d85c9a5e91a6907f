import Diagnostics
import Foundation
import TestSupport
import PolicyCompiler
import Testing

/// Writes policy files into a fresh temporary directory.
struct PolicyDirectory {
    let url: URL

    init(_ files: [String: String]) throws {
        url = Scratch.root.appendingPathComponent("tandem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    func path(_ name: String = "") -> String { name.isEmpty ? url.path : url.appendingPathComponent(name).path }

    func compile(_ names: [String] = []) -> PolicyCompiler.Result {
        PolicyCompiler().compile(paths: names.isEmpty ? [path()] : names.map(path))
    }

    /// `file:line:col CODE` of each diagnostic, with the directory stripped.
    func positions(_ result: PolicyCompiler.Result) -> [String] {
        result.diagnostics.sortedByLocation().map { d in
            let place = d.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column) " } ?? ""
            return place + d.code
        }
    }
}

let header = """
    apiVersion: tandem/v1
    kind: PolicySet
    metadata: {name: test}

    """

func rule(_ id: String, _ body: String = "assert: true") -> String {
    """
      - id: \(id)
        title: A rule
        practice: operational
        level: mid
        severity: error
        message: m
        \(body)

    """
}

@Suite("Policy compiler: every error positioned, all reported at once")
struct PolicyCompilerTests {
    @Test func aValidSetCompiles() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "forEach: snapshot.teams\n    as: team\n    assert: team.members.size() > 1")])
        let result = dir.compile()
        #expect(result.diagnostics.isEmpty)
        #expect(result.policySet?.rules.map(\.id) == ["R-1"])
        #expect(result.policySet?.rules.first?.subjectType == "Team")
    }

    /// In a folded block (`>-`), lines indented further than the block keep their line breaks (YAML
    /// folds only lines at the block's indentation), and so does an empty line: an error on such a
    /// line is reported on it, not on the block's first line.
    @Test func foldedBlocksWithMoreIndentedLinesPointAtTheRightLine() throws {
        let body =
            "forEach: snapshot.teams\n    as: team\n    assert: >-\n      team.members.size() > 0\n        && team.members.size() < 10\n        && team.nosuchfield == 1\n\n      && team.other == 2"
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", body)])
        #expect(dir.positions(dir.compile()) == ["p.yaml:16:17 CEL004", "p.yaml:18:15 CEL004"])
    }

    /// The value layout is the one contract between compiler and evaluators: roots, subject,
    /// then variables in declaration order — with and without a subject.
    @Test func valueLayoutNamesEverySlot() throws {
        let body = "forEach: snapshot.teams\n    as: team\n    variables:\n      - {name: a, expression: team.members.size()}\n      - {name: b, expression: a + 1}\n    assert: b > 0"
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", body) + rule("R-2", "variables:\n      - {name: c, expression: 1}\n    assert: c > 0")])
        let rules = try #require(dir.compile().policySet?.rules)
        let withSubject = try #require(rules.first { $0.id == "R-1" }).layout
        #expect(withSubject.names == ["snapshot", "organization", "team", "a", "b"])
        #expect(withSubject.subject == 2 && withSubject.variable(0) == 3 && withSubject.variable(1) == 4 && withSubject.count == 5)
        let without = try #require(rules.first { $0.id == "R-2" }).layout
        #expect(without.names == ["snapshot", "organization", "c"])
        #expect(without.subject == nil && without.variable(0) == 2)
    }

    /// A file's `cel.extensions` decides what its expressions may use; a rule inherited from
    /// another file keeps that file's libraries. An unknown library name is a schema error.
    @Test func celExtensionsArePerFile() throws {
        let strict = header + "cel: {extensions: [strings]}\nrules:\n" + rule("R-1", "assert: math.abs(-1) == 1 && 'A'.lowerAscii() == 'a'")
        let open = header + "rules:\n" + rule("R-2", "assert: math.abs(-1) == 1")
        let dir = try PolicyDirectory(["a.yaml": strict, "b.yaml": open])
        let result = dir.compile()
        #expect(dir.positions(result) == ["a.yaml:12:18 CEL009"])
        #expect(result.diagnostics.first?.message == "'math.abs' needs the 'math' extension, which this policy set does not enable")
        #expect(result.diagnostics.first?.notes == ["add it to the policy set: cel: {extensions: [math]}"])

        let misspelt = try PolicyDirectory(["c.yaml": header + "cel: {extensions: [maths]}\nrules:\n" + rule("R-3")])
        #expect(misspelt.positions(misspelt.compile()) == ["c.yaml:4:20 POL004"])
    }

    @Test func unknownKeysAndBadEnumsUseThePolicyCodes() throws {
        let text = header + "rules:\n" + rule("R-1", "asert: true\n    assert: true").replacingOccurrences(of: "level: mid", with: "level: middle")
        let dir = try PolicyDirectory(["p.yaml": text])
        let result = dir.compile()
        #expect(dir.positions(result) == ["p.yaml:8:12 POL004", "p.yaml:11:5 POL001"])
        #expect(result.diagnostics.first { $0.code == "POL001" }?.notes == ["did you mean 'assert'?"])
        #expect(result.policySet == nil)
    }

    @Test func duplicateRuleIdsAcrossFilesAreErrors() throws {
        let dir = try PolicyDirectory(["a.yaml": header + "rules:\n" + rule("R-1"), "b.yaml": header + "rules:\n" + rule("R-1")])
        let result = dir.compile()
        #expect(dir.positions(result) == ["b.yaml:5:9 POL011"])
        #expect(result.diagnostics.first?.notes.first?.hasPrefix("first declared at ") == true)
    }

    @Test func celErrorsPointIntoTheYAMLFile() throws {
        let body = """
            forEach: snapshot.teams
                as: team
                when: team.stauts == 'active'
                assert: >-
                  team.members.size()
                  >= 'two'
            """
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", body)])
        let result = dir.compile()
        #expect(dir.positions(result) == ["p.yaml:13:16 CEL004", "p.yaml:16:7 CEL003"])
        #expect(result.diagnostics.first?.notes == ["did you mean 'status'?"])
    }

    @Test func quotedExpressionsAreOffsetByTheirQuote() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "assert: \"snapshot.nope\"")])
        #expect(dir.positions(dir.compile()) == ["p.yaml:11:23 CEL004"])
    }

    @Test func messageHolesAreCompiledAndPositioned() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1").replacingOccurrences(of: "message: m", with: "message: \"n={{organization.nam}}\"")])
        let result = dir.compile()
        #expect(dir.positions(result) == ["p.yaml:10:32 CEL004"])
        let open = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1").replacingOccurrences(of: "message: m", with: "message: \"n={{x\"")])
        #expect(open.positions(open.compile()) == ["p.yaml:10:17 POL016"])
    }

    @Test func assertionsMustBeBooleans() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "assert: snapshot.teams.size()")])
        let result = dir.compile()
        #expect(result.diagnostics.map(\.message) == ["expression must be bool, but it is int"])
    }

    @Test func forEachNeedsAListAndAName() throws {
        let notList = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "forEach: snapshot.organization\n    as: o\n    assert: true")])
        #expect(notList.compile().diagnostics.map(\.code) == ["POL014"])
        let noName = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "forEach: snapshot.teams\n    assert: true")])
        #expect(noName.compile().diagnostics.map(\.code) == ["POL024"])
        let badVariable = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "variables: [{name: 'x y', expression: '1'}]\n    assert: true")])
        #expect(badVariable.compile().diagnostics.map(\.code) == ["POL025"])
        let stray = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1", "as: t\n    assert: true")])
        #expect(stray.compile().diagnostics.map { "\($0.code) \($0.severity.rawValue)" } == ["POL026 warning"])
    }

    @Test func extendsInheritsRulesAndOverridesChangeThem() throws {
        let dir = try PolicyDirectory([
            "base/base.yaml": header + "rules:\n" + rule("BASE-1") + rule("BASE-2") + rule("EVA-1"),
            "local.yaml": header + """
                extends: [base]
                overrides:
                  - {rule: BASE-1, severity: warning}
                  - {rule: "EVA-*", severity: off}
                rules:

                """ + rule("LOCAL-1"),
        ])
        let result = dir.compile(["local.yaml"])
        #expect(result.diagnostics.isEmpty)
        let set = try #require(result.policySet)
        #expect(set.rules.map(\.id) == ["BASE-1", "BASE-2", "LOCAL-1"])
        #expect(set.rules.first?.severity == .warning)
        #expect(set.disabled == ["EVA-1"])
    }

    @Test func brokenExtendsAreReported() throws {
        let missing = try PolicyDirectory(["a.yaml": header + "extends: [nowhere.yaml]\nrules: []\n"])
        #expect(missing.positions(missing.compile(["a.yaml"])) == ["a.yaml:4:11 POL012"])
        let cycle = try PolicyDirectory([
            "a.yaml": header + "extends: [b.yaml]\nrules: []\n",
            "b.yaml": header + "extends: [a.yaml]\nrules: []\n",
        ])
        #expect(cycle.compile(["a.yaml"]).diagnostics.map(\.code) == ["POL012"])
    }

    @Test func overridesThatMatchNothingAreWarnings() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "overrides: [{rule: R-2, severity: info}]\nrules:\n" + rule("R-1")])
        let result = dir.compile()
        #expect(result.diagnostics.map(\.code) == ["POL013"])
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.policySet != nil)
    }

    @Test func everyProblemInEveryFileIsReportedAtOnce() throws {
        let dir = try PolicyDirectory([
            "a.yaml": header + "rules:\n" + rule("R-1", "assert: nope"),
            "b.yaml": header + "rules:\n" + rule("R-2", "assert: also.nope") + rule("R-3", "assert: 1 +"),
        ])
        #expect(dir.compile().diagnostics.map(\.code) == ["CEL002", "CEL002", "CEL001"])
    }

    @Test func companionKindsAreSkippedAndStrangersRejected() throws {
        let dir = try PolicyDirectory([
            "p.yaml": header + "rules:\n" + rule("R-1"),
            "r.yaml": "apiVersion: tandem/v1\nkind: PolicyTest\n",
            "x.yaml": "apiVersion: tandem/v1\nkind: Gadget\n",
        ])
        #expect(dir.positions(dir.compile()) == ["x.yaml:2:7 POL010"])
    }

    @Test func anEmptyDirectoryHasNoPolicies() throws {
        let dir = try PolicyDirectory(["readme.txt": "nothing"])
        #expect(dir.compile().diagnostics.map(\.code) == ["POL015"])
    }
}

@Suite("Risk model compilation")
struct RiskModelCompilerTests {
    let model = """
        apiVersion: tandem/v1
        kind: RiskModel
        metadata: {name: r}
        teamWeight: 100
        bands: {moderate: 25, high: 50, critical: 75}
        factors:
          - id: f1
            title: t
            scope: team
            weight: 10
            signal: violated('R-2')
            explanation: e
            remediation: r
          - id: f2
            title: t
            scope: organization
            weight: 10
            signal: team.members.size() > 1
            explanation: e
            remediation: r

        """

    /// Files are parsed, and rules and factors compiled, on every core; what is reported must
    /// not depend on which finishes first.
    @Test func problemsComeInTheOrderTheyAreWrittenWhateverCoreFindsThem() throws {
        var files: [String: String] = [:]
        for file in ["a", "b", "c"] {
            files["\(file).yaml"] =
                header.replacingOccurrences(of: "name: test", with: "name: \(file)") + "rules:\n"
                + (1...6).map { rule("\(file.uppercased())-\($0)", "assert: missing\($0) > 0") }.joined()
        }
        let factors = (1...8).map { "  - {id: f\($0), title: t, scope: team, weight: 1, signal: unknown\($0), explanation: e, remediation: r}\n" }
        files["risk.yaml"] = "apiVersion: tandem/v1\nkind: RiskModel\nmetadata: {name: r}\nteamWeight: 100\nbands: {moderate: 25, high: 50, critical: 75}\nfactors:\n" + factors.joined()
        let dir = try PolicyDirectory(files)
        func reported() -> [String] {
            dir.compile().diagnostics.map { d in
                let place = d.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line)" } ?? ""
                return "\(place) \(d.code) \(d.message)"
            }
        }
        let first = reported()
        // Every rule and every factor has its own undeclared name, in the order written.
        let names = first.compactMap { line in line.split(separator: "'").dropFirst().first.map(String.init) }
        #expect(names == (["a", "b", "c"].flatMap { _ in (1...6).map { "missing\($0)" } } + (1...8).map { "unknown\($0)" }))
        #expect(
            first.map { $0.split(separator: ":")[0] } == Array(repeating: "a.yaml", count: 6) + Array(repeating: "b.yaml", count: 6) + Array(repeating: "c.yaml", count: 6)
                + Array(repeating: "risk.yaml", count: 8))
        for _ in 0..<20 { #expect(reported() == first) }
    }

    @Test func violatedMustNameARuleAndOrganizationFactorsHaveNoTeam() throws {
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": model])
        let result = dir.compile()
        #expect(dir.positions(result) == ["risk.yaml:11:22 RISK012", "risk.yaml:18:13 CEL002"])
        #expect(result.diagnostics.first?.notes == ["did you mean 'R-1'?"])
    }

    /// `rules:` links a data-driven factor to the rules whose fix lowers it; a name that is no
    /// rule is RISK012 at the name, and the factor reads both the declared and the violated() rules.
    @Test func factorRulesNameRealRules() throws {
        let linked = model.replacingOccurrences(of: "violated('R-2')", with: "violated('R-1')")
            .replacingOccurrences(of: "    remediation: r\n  - id: f2", with: "    remediation: r\n    rules: [R-1, R-9]\n  - id: f2")
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": linked])
        let result = dir.compile()
        #expect(dir.positions(result).first == "risk.yaml:14:18 RISK012")
        #expect(result.diagnostics.first?.message == "rules names 'R-9', which is no rule of the policy set")
        let fixed = linked.replacingOccurrences(of: ", R-9]", with: "]").replacingOccurrences(of: "signal: team.members.size() > 1", with: "signal: true")
        let ok = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": fixed])
        let factor = try #require(ok.compile().riskModel?.teamFactors.first)
        #expect(factor.rulesRead == ["R-1"])
    }

    @Test func aValidModelCompilesBesideThePolicies() throws {
        let fixed = model.replacingOccurrences(of: "violated('R-2')", with: "violated('R-1')")
            .replacingOccurrences(of: "signal: team.members.size() > 1", with: "signal: snapshot.teams.size() > 1")
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": fixed])
        let result = dir.compile()
        #expect(result.diagnostics.isEmpty)
        #expect(result.riskModel?.teamFactors.map(\.id) == ["f1"])
        #expect(result.riskModel?.organizationFactors.map(\.id) == ["f2"])
    }

    @Test func signalsMustBeNumbersOrBooleans() throws {
        let bad = model.replacingOccurrences(of: "violated('R-2')", with: "team.name")
        let dir = try PolicyDirectory(["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": bad])
        #expect(dir.compile().diagnostics.map(\.code).contains("RISK013"))
    }
}

/// Policy and risk-model codes that no other test pinned, each with its position (issue: tests
/// that catch the next regression — every code asserted with code and place).
@Suite("Policy and risk-model codes at their positions")
struct PolicyCodePositionTests {
    static let goodModel = """
        apiVersion: tandem/v1
        kind: RiskModel
        metadata: {name: r}
        teamWeight: 100
        bands: {moderate: 25, high: 50, critical: 75}
        factors:
          - {id: f1, title: t, scope: team, weight: 10, signal: violated('R-1'), explanation: e, remediation: r}

        """

    static let cases: [(String, [String: String], [String])] = [
        (
            "POL002 missing required key", ["p.yaml": header + "rules:\n  - {id: R-1, practice: operational, level: mid, severity: error, message: m, assert: 'true'}\n"],
            ["p.yaml:5:5 POL002"]
        ),
        (
            "POL003 wrong type", ["p.yaml": header + "rules:\n" + rule("R-1").replacingOccurrences(of: "title: A rule", with: "title: [a, rule]")],
            ["p.yaml:6:12 POL003"]
        ),
        (
            "RISK001 unknown key", ["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": goodModel.replacingOccurrences(of: "teamWeight: 100", with: "teamWeight: 100\nteamWieght: 3")],
            ["risk.yaml:5:1 RISK001"]
        ),
        (
            "RISK011 duplicate factor",
            ["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": goodModel + "  - {id: f1, title: t, scope: team, weight: 1, signal: 'true', explanation: e, remediation: r}\n"],
            ["risk.yaml:8:10 RISK011"]
        ),
        (
            "RISK014 bad variable name",
            ["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": goodModel.replacingOccurrences(of: "factors:", with: "variables:\n  - {name: team, expression: '1'}\nfactors:")],
            ["risk.yaml:7:12 RISK014"]
        ),
        (
            "RISK015 bands do not rise", ["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": goodModel.replacingOccurrences(of: "high: 50", with: "high: 20")],
            ["risk.yaml:5:8 RISK015"]
        ),
        (
            "RISK018 second model", ["p.yaml": header + "rules:\n" + rule("R-1"), "risk.yaml": goodModel, "risk2.yaml": goodModel],
            ["risk2.yaml:1:1 RISK018"]
        ),
    ]

    @Test(arguments: cases.indices)
    func codeAndPosition(_ index: Int) throws {
        let (name, files, expected) = Self.cases[index]
        let dir = try PolicyDirectory(files)
        #expect(dir.positions(dir.compile()) == expected, "\(name)")
    }
}
