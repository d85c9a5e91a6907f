import Diagnostics
import Foundation
import PolicyCompiler
import Testing

/// Policy parameters: thresholds declared once with their type, unit and provenance, read as
/// `params.NAME`, overridden by an extending set with type checking; and rule overrides of title,
/// message and remediation.
@Suite("Policy parameters and overrides")
struct ParameterTests {
    static let base =
        header + """
            parameters:
              - name: minAdvisors
                type: int
                default: 2
                unit: advisors
                source: {source: Clavel 2019, section: Rules, quote: involvement of at least two PAs in QI teams}
              - name: share
                type: double
                default: 0.5
                source: {tandem-default: our choice}
            rules:
              - id: R-1
                title: Two advisors
                practice: operational
                level: mid
                severity: error
                assert: params.minAdvisors <= 2 && params.share < 1.0
                message: "at least {{params.minAdvisors}}"
                references: [{source: Clavel 2019, section: Rules, quote: involvement of at least two PAs}]

            """

    @Test func parametersCarryTheirProvenanceAndMakeTheRuleBasis() throws {
        let dir = try PolicyDirectory(["base.yaml": Self.base])
        let result = dir.compile()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let set = try #require(result.policySet)
        #expect(set.parameters.map(\.name) == ["minAdvisors", "share"])
        #expect(set.parameters[0].provenance.kind == "seed")
        #expect(set.parameters[1].provenance == .tandemDefault(reason: "our choice"))
        let rule = try #require(set.rules.first)
        #expect(rule.parameters.map(\.name) == ["minAdvisors", "share"])
        #expect(rule.basis == .defaultThreshold)
        #expect(rule.citations == [Citation(source: "Clavel 2019", section: "Rules", quote: "involvement of at least two PAs")])
    }

    @Test func anExtendingSetOverridesValuesWithTypeChecking() throws {
        let dir = try PolicyDirectory([
            "base.yaml": Self.base,
            "committee.yaml": header + """
                extends: [base.yaml]
                overrides:
                  - {parameter: minAdvisors, value: 3, reason: our charter}
                  - {parameter: share, value: 1}
                  - {rule: R-1, title: Three advisors, message: "we ask for {{params.minAdvisors}}", remediation: Recruit a third.}

                """,
        ])
        let result = dir.compile(["committee.yaml"])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let set = try #require(result.policySet)
        let minAdvisors = try #require(set.parameters.first { $0.name == "minAdvisors" })
        #expect(minAdvisors.displayValue == "3" && minAdvisors.displayDefault == "2")
        #expect(minAdvisors.override?.reason == "our charter")
        #expect(set.parameters.first { $0.name == "share" }?.displayValue == "1.0")  // an int is a double
        let rule = try #require(set.rules.first)
        #expect(rule.title == "Three advisors" && rule.remediation == "Recruit a third.")
    }

    @Test func wrongTypesUnknownNamesAndBadOverridesArePositioned() throws {
        let dir = try PolicyDirectory([
            "base.yaml": Self.base,
            "bad.yaml": header + """
                extends: [base.yaml]
                overrides:
                  - {parameter: minAdvisors, value: two}
                  - {parameter: minAdvisor, value: 3}
                  - {parameter: share}
                  - {rule: R-1}
                  - {rule: 'R-*', title: Many}
                  - {rule: R-1, parameter: share, value: 0.2}
                parameters:
                  - {name: share, type: double, default: 0.1, source: {tandem-default: again}}
                  - {name: odd, type: int, default: 1.5, source: {tandem-default: x}}
                  - {name: vague, type: int, default: 1, source: {section: somewhere}}
                rules:
                  - id: R-2
                    title: t
                    practice: operational
                    level: mid
                    severity: info
                    assert: params.minAdvisor > 0
                    message: m

                """,
        ])
        let result = dir.compile(["bad.yaml"])
        #expect(
            dir.positions(result) == [
                "bad.yaml:6:37 POL019", "bad.yaml:7:17 POL020", "bad.yaml:8:5 POL022", "bad.yaml:9:5 POL022", "bad.yaml:10:5 POL022",
                "bad.yaml:11:5 POL022", "bad.yaml:13:12 POL018", "bad.yaml:14:37 POL019", "bad.yaml:15:50 POL021", "bad.yaml:22:20 CEL004",
            ])
        let typo = try #require(result.diagnostics.first { $0.code == "POL020" })
        #expect(typo.notes == ["did you mean 'minAdvisors'?"])
    }

    @Test func aQuotationLongerThanThirtyWordsIsRejected() throws {
        let long = Array(repeating: "word", count: 31).joined(separator: " ")
        let dir = try PolicyDirectory(["p.yaml": Self.base.replacingOccurrences(of: "quote: involvement of at least two PAs}", with: "quote: \(long)}")])
        #expect(dir.positions(dir.compile()) == ["p.yaml:22:63 POL023"])
    }
}
