import Foundation
import TestSupport
import Testing

/// Every diagnostic code a user can meet is pinned — code, severity, position and message — by a
/// test that provokes it the way a user would. This suite holds one small case per code not
/// pinned elsewhere; `everyCatalogueCodeIsPinned` fails when a code is added to a catalogue
/// without a case here or a named test elsewhere.
@Suite("Every diagnostic code is pinned at its position", .serialized)
struct DiagnosticPositionTests {
    // MARK: - Documents the cases are built from

    static let snapshot = """
        apiVersion: tandem/v1
        kind: OrganizationSnapshot
        metadata: {name: t, asOf: 2026-10-01}
        organization:
          name: Test

        """
    static let people = """
        people:
          - {id: p1, name: P, category: patient_advisor}
          - {id: p2, name: Q, category: manager}

        """
    /// Team `a`, created 2026-01-01, with advisor p1 (joined 2026-02-01; `member` adds to the entry).
    static func team(member: String = "", meetings: String = "") -> String {
        """
        teams:
          - id: a
            name: A
            status: active
            created: 2026-01-01
            members:
              - {person: p1, role: patient_advisor, joined: 2026-02-01\(member)}

        """ + (meetings.isEmpty ? "" : "    meetings:\n      - \(meetings)\n")
    }
    static let policyHeader = "apiVersion: tandem/v1\nkind: PolicySet\nmetadata: {name: p}\nrules:\n"
    /// Rule R-1; `body` is its last key(s), at line 11.
    static func rule(_ body: String = "assert: true") -> String {
        "  - id: R-1\n    title: A rule\n    practice: operational\n    level: mid\n    severity: error\n    message: m\n    \(body)\n"
    }
    static let policy = ["p/p.yaml": policyHeader + rule()]
    static let riskHeader = "apiVersion: tandem/v1\nkind: RiskModel\nmetadata: {name: r}\nteamWeight: 50\nbands: {moderate: 25, high: 50, critical: 75}\nfactors:\n"
    /// Factor f of a risk model; `signal` is its last key(s), at line 13.
    static func factor(_ signal: String = "signal: 0.5", scope: String = "organization", weight: String = "1") -> String {
        "  - id: f\n    title: F\n    scope: \(scope)\n    weight: \(weight)\n    explanation: e\n    remediation: r\n    \(signal)\n"
    }
    static func waivers(kind: String = "Waivers", apiVersion: String = "tandem/v1", _ entries: String) -> String {
        "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {name: w}\nwaivers:\n" + entries
    }
    static func waiver(subject: String = "\n    subject: a", expires: String = "2027-01-01") -> String {
        "  - rule: R-1\n    reason: r\n    owner: o\n    created: 2026-01-01\n    expires: \(expires)\(subject)\n"
    }
    /// A PolicyTest of policy `p` with one case on line 6.
    static func policyTest(_ testCase: String) -> String {
        "apiVersion: tandem/v1\nkind: PolicyTest\nmetadata: {name: t}\npolicy: ../p\ncases:\n  - \(testCase)\n"
    }
    /// CSV tables in `t/` with a people sheet of the organization's own (`Personnes`, French
    /// headers and words, dates as dd/MM/yyyy) and its mapping; `mapping` replaces lines of the
    /// mapping's body (from line 3), `row` the data row of `Personnes.csv`.
    static func mapped(mapping: String? = nil, row: String = "p1,P,Partenaire patient,01/02/2026") -> [String: String] {
        let body =
            mapping ?? """
                dateFormats: [dd/MM/yyyy]
                tables:
                  - table: people
                    sheet: Personnes
                    columns: {id: Identifiant, name: Nom, category: Catégorie, startDate: Début}
                    values:
                      category: {Partenaire patient: patient_advisor}

                """
        return [
            "t/metadata.csv": "name,asOf\nt,2026-10-01\n", "t/organization.csv": "name\nTest\n",
            "t/Personnes.csv": "Identifiant,Nom,Catégorie,Début\n\(row)\n", "t/mapping.yaml": "apiVersion: tandem/v1\nkind: ImportMapping\n" + body,
        ]
    }
    static let importMapped = ["import", "t"]
    static let check = ["check", "-p", "p", "s.yaml"]
    static let config = "apiVersion: tandem/v1\nkind: TandemConfig\n"

    // MARK: - The cases

    /// One code provoked: files written into a fresh directory (the working directory of the
    /// run), empty directories, the arguments, and the first line naming the code (`$DIR` stands
    /// for the directory).
    struct Case: Sendable, CustomTestStringConvertible {
        var code: String
        var files: [String: String]
        var directories: [String] = []
        var arguments: [String]
        var status: Int32
        var line: String
        var testDescription: String { code }
    }

    static let cases: [Case] = [
        Case(
            code: "YAML007", files: policy.merging(["s.yaml": snapshot + "  ? [a]\n  : b\n"]) { $1 }, arguments: check, status: 2,
            line: "s.yaml:6:5: error[YAML007]: mapping keys must be scalars; complex keys are not supported"),
        Case(
            code: "YAML008", files: policy.merging(["s.yaml": String(repeating: "--- 1\n", count: 10_001)]) { $1 }, arguments: check, status: 2,
            line: "s.yaml:10001:1: error[YAML008]: stream has more than 10000 documents"),
        Case(code: "IO001", files: policy, arguments: ["check", "-p", "p", "missing.yaml"], status: 2, line: "error[IO001]: no such file or directory: missing.yaml"),
        Case(
            code: "IO003", files: policy, directories: ["empty"], arguments: ["check", "-p", "p", "empty"], status: 2,
            line: "error[IO003]: no .yaml, .yml or .json files under empty: nothing to check"),
        Case(
            code: "IO005", files: policy.merging(["s.yaml": snapshot]) { $1 }, arguments: ["check", "-p", "p", "-f", "json", "-o", "/dev/full", "s.yaml"], status: 2,
            line: "error[IO005]: cannot write /dev/full: No space left on device"),
        Case(
            code: "IO006", files: policy.merging(["s.yaml": snapshot]) { $1 }, arguments: ["check", "-p", "p", "-f", "json", "-o", "s.yaml", "s.yaml"], status: 2,
            line: "error[IO006]: --output s.yaml is one of the inputs; it would be overwritten"),
        Case(
            code: "SNAP008", files: policy.merging(["s.yaml": snapshot + "  advisorPool: {size: -1}\n"]) { $1 }, arguments: check, status: 2,
            line: "s.yaml:6:23: error[SNAP008]: 'size' in AdvisorPool must be at least 0, found -1"),
        Case(code: "SNAP009", files: policy.merging(["s.yaml": "# nothing\n"]) { $1 }, arguments: check, status: 2, line: "s.yaml:1:1: error[SNAP009]: file holds no document"),
        Case(
            code: "SNAP012", files: policy.merging(["s.yaml": snapshot + people + team(member: ", left: 2026-01-15")]) { $1 }, arguments: check, status: 2,
            line: "s.yaml:15:71: error[SNAP012]: Member 'left' (2026-01-15) is before 'joined' (2026-02-01)"),
        Case(
            code: "SNAP013", files: policy.merging(["s.yaml": snapshot + people + team(meetings: "{date: 2025-12-01, attendees: [p1]}")]) { $1 }, arguments: check, status: 0,
            line: "s.yaml:17:16: warning[SNAP013]: meeting of 2025-12-01 is before team 'a' was created (2026-01-01)"),
        Case(
            code: "SNAP014", files: policy.merging(["s.yaml": snapshot + people + team(member: ", left: 2026-03-01", meetings: "{date: 2026-04-01, attendees: [p1]}")]) { $1 },
            arguments: check, status: 0, line: "s.yaml:17:40: warning[SNAP014]: 'p1' attended the meeting of 2026-04-01 after leaving team 'a'"),
        Case(
            code: "SNAP015", files: policy.merging(["s.yaml": snapshot + people + team(meetings: "{date: 2026-04-01, attendees: [p1, p2]}")]) { $1 }, arguments: check,
            status: 0, line: "s.yaml:17:44: warning[SNAP015]: 'p2' attended the meeting of 2026-04-01 but is not a member of team 'a'"),
        Case(code: "CEL001", files: [:], arguments: ["eval", "1 +"], status: 2, line: "<expression>:1:4: error[CEL001]: unexpected end of expression"),
        Case(
            code: "CEL005", files: ["p/p.yaml": policyHeader + rule("assert: 1")], arguments: ["compile", "p"], status: 2,
            line: "p/p.yaml:11:13: error[CEL005]: expression must be bool, but it is int"),
        Case(
            code: "CEL006", files: [:], arguments: ["eval", "[1].map(package, package)"], status: 2,
            line: "<expression>:1:9: error[CEL006]: 'package' is a reserved word and cannot be used as a name"),
        Case(
            code: "CEL007", files: [:], arguments: ["eval", String(repeating: "(", count: 201) + "1" + String(repeating: ")", count: 201)], status: 2,
            line: "<expression>:1:101: error[CEL007]: expression nests deeper than 200 levels"),
        Case(code: "CEL008", files: [:], arguments: ["eval", "'a'.matches('(')"], status: 2, line: "<expression>:1:14: error[CEL008]: invalid regular expression: missing ): ("),
        Case(
            code: "POL013", files: ["p/p.yaml": policyHeader + rule() + "overrides:\n  - {rule: R-9, severity: info}\n"], arguments: ["compile", "p"], status: 0,
            line: "p/p.yaml:13:5: warning[POL013]: override 'R-9' matches no rule"),
        Case(
            code: "POL014", files: ["p/p.yaml": policyHeader + rule("forEach: snapshot.organization\n    as: o\n    assert: true")], arguments: ["compile", "p"], status: 2,
            line: "p/p.yaml:11:14: error[POL014]: forEach must produce a list, but it is Organization"),
        Case(code: "POL015", files: [:], directories: ["p"], arguments: ["compile", "p"], status: 2, line: "error[POL015]: no PolicySet documents in p"),
        Case(
            code: "POL017",
            files: [
                "p/p.yaml": policyHeader + rule("assert: true\n    examples: {pass: [1]}"), "s.yaml": snapshot,
                "t/t.yaml": policyTest("{name: n, snapshot: ../s.yaml, expect: {findings: []}}"),
            ], arguments: ["test", "t"], status: 1,
            line: "invalid example: p/p.yaml:12:23: error[POL017]: an example must be a mapping of organization, people, teams or asOf"),
        Case(
            code: "POL024", files: ["p/p.yaml": policyHeader + rule("forEach: snapshot.teams\n    assert: true")], arguments: ["compile", "p"], status: 2,
            line: "p/p.yaml:11:14: error[POL024]: a rule with forEach needs 'as: NAME', a simple identifier other than 'snapshot' and 'organization'"),
        Case(
            code: "POL025", files: ["p/p.yaml": policyHeader + rule("variables: [{name: snapshot, expression: \"1\"}]\n    assert: true")], arguments: ["compile", "p"], status: 2,
            line: "p/p.yaml:11:24: error[POL025]: variable name 'snapshot' must be a new simple identifier"),
        Case(
            code: "POL026", files: ["p/p.yaml": policyHeader + rule("as: t\n    assert: true")], arguments: ["compile", "p"], status: 0,
            line: "p/p.yaml:11:9: warning[POL026]: 'as' has no effect without forEach"),
        Case(
            code: "POL027", files: ["p/p.yaml": policyHeader.replacingOccurrences(of: "rules:", with: "languages: [en, fr]\nrules:") + rule()], arguments: ["compile", "p"],
            status: 0, line: "p/p.yaml:7:12: warning[POL027]: title of R-1 has no fr text, which this file declares"),
        Case(
            code: "RISK019", files: policy.merging(["p/r.yaml": riskHeader.replacingOccurrences(of: "factors:", with: "languages: [en, fr]\nfactors:") + factor()]) { $1 },
            arguments: ["compile", "p"], status: 0, line: "p/r.yaml:9:12: warning[RISK019]: title of factor f has no fr text, which this file declares"),
        Case(
            code: "RISK002", files: policy.merging(["p/r.yaml": riskHeader + "  - {id: f}\n"]) { $1 }, arguments: ["compile", "p"], status: 2,
            line: "p/r.yaml:7:5: error[RISK002]: missing required key 'title' in Factor"),
        Case(
            code: "RISK003", files: policy.merging(["p/r.yaml": riskHeader + factor("signal: 0.5\n    rules: yes")]) { $1 }, arguments: ["compile", "p"], status: 2,
            line: "p/r.yaml:14:12: error[RISK003]: expected sequence for 'rules' in Factor, found string 'yes'"),
        Case(
            code: "RISK004", files: policy.merging(["p/r.yaml": riskHeader + factor(scope: "orgnization")]) { $1 }, arguments: ["compile", "p"], status: 2,
            line: "p/r.yaml:9:12: error[RISK004]: 'orgnization' is not a valid value for 'scope' in Factor; expected one of: team, organization"),
        Case(
            code: "RISK008", files: policy.merging(["p/r.yaml": riskHeader + factor(weight: "-1")]) { $1 }, arguments: ["compile", "p"], status: 2,
            line: "p/r.yaml:10:13: error[RISK008]: 'weight' in Factor must be at least 0, found -1"),
        Case(
            code: "RISK013", files: policy.merging(["p/r.yaml": riskHeader + factor("signal: \"'high'\"")]) { $1 }, arguments: ["compile", "p"], status: 2,
            line: "p/r.yaml:13:13: error[RISK013]: a signal must be a number or a bool, but it is string"),
        Case(
            code: "RISK016", files: policy.merging(["s.yaml": snapshot]) { $1 }, arguments: ["score", "-p", "p", "--max-risk", "50", "s.yaml"], status: 2,
            line: "error[RISK016]: no RiskModel beside the policies in p"),
        Case(
            code: "WAIV002", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(waiver(subject: ""))]) { $1 }, arguments: check + ["-w", "w.yaml"], status: 2,
            line: "w.yaml:5:5: error[WAIV002]: missing required key 'subject' in Waiver"),
        Case(
            code: "WAIV003", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(waiver(subject: "\n    subject: [a]"))]) { $1 }, arguments: check + ["-w", "w.yaml"],
            status: 2, line: "w.yaml:10:14: error[WAIV003]: expected string for 'subject' in Waiver, found sequence"),
        Case(
            code: "WAIV004", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(apiVersion: "tandem/v2", waiver())]) { $1 }, arguments: check + ["-w", "w.yaml"],
            status: 2, line: "w.yaml:1:13: error[WAIV004]: 'tandem/v2' is not a valid value for 'apiVersion' in Waivers; expected one of: tandem/v1"),
        Case(
            code: "WAIV010", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(kind: "Waiver", waiver())]) { $1 }, arguments: check + ["-w", "w.yaml"], status: 2,
            line: "w.yaml:2:7: error[WAIV010]: expected kind 'Waivers', found 'Waiver'"),
        Case(
            code: "WAIV011", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(waiver(expires: "2025-06-01"))]) { $1 },
            arguments: check + ["-w", "w.yaml", "--now", "2026-11-01"], status: 2, line: "w.yaml:5:5: error[WAIV011]: waiver expires before it was created"),
        Case(
            code: "WAIV102", files: policy.merging(["s.yaml": snapshot, "w.yaml": waivers(waiver())]) { $1 }, arguments: check + ["-w", "w.yaml", "--now", "2026-11-01"],
            status: 0, line: "w.yaml:5:5: warning[WAIV102]: waiver for R-1 on a matched no finding; remove it"),
        Case(
            code: "TEST001", files: policy.merging(["s.yaml": snapshot, "t/t.yaml": policyTest("{name: n, snapshot: ../s.yaml, expct: {findings: []}}")]) { $1 },
            arguments: ["test", "t"], status: 2, line: "t/t.yaml:6:36: error[TEST001]: unknown key 'expct' in PolicyTestCase"),
        Case(
            code: "TEST002", files: policy.merging(["s.yaml": snapshot, "t/t.yaml": policyTest("{snapshot: ../s.yaml, expect: {findings: []}}")]) { $1 },
            arguments: ["test", "t"], status: 2, line: "t/t.yaml:6:5: error[TEST002]: missing required key 'name' in PolicyTestCase"),
        Case(
            code: "TEST003", files: policy.merging(["s.yaml": snapshot, "t/t.yaml": policyTest("{name: n, snapshot: ../s.yaml, expect: {findings: 3}}")]) { $1 },
            arguments: ["test", "t"], status: 2, line: "t/t.yaml:6:55: error[TEST003]: expected sequence for 'findings' in Expectations, found integer 3"),
        Case(
            code: "TEST004",
            files: policy.merging(["s.yaml": snapshot, "t/t.yaml": policyTest("{name: n, snapshot: ../s.yaml, expect: {risk: [{subject: organization, band: hgh}]}}")]) { $1 },
            arguments: ["test", "t"], status: 2,
            line: "t/t.yaml:6:82: error[TEST004]: 'hgh' is not a valid value for 'band' in ExpectedRisk; expected one of: low, moderate, high, critical"),
        Case(code: "TEST011", files: [:], directories: ["t"], arguments: ["test", "t"], status: 2, line: "error[TEST011]: no PolicyTest files under t"),
        Case(
            code: "HIST001", files: ["h.sqlite": "not a database\n"], arguments: ["history", "list", "--history", "h.sqlite"], status: 2,
            line: "error[HIST001]: cannot open history h.sqlite: file is not a database"),
        Case(
            code: "CONF001", files: [".tandem.yaml": config + "policy: [p]\n"], arguments: ["config", "show"], status: 2,
            line: ".tandem.yaml:3:1: error[CONF001]: unknown key 'policy' in TandemConfig"),
        Case(
            code: "CONF002", files: [".tandem.yaml": "apiVersion: tandem/v1\npolicies: [p]\n"], arguments: ["config", "show"], status: 2,
            line: ".tandem.yaml:1:1: error[CONF002]: missing required key 'kind' in TandemConfig"),
        Case(
            code: "CONF003", files: [".tandem.yaml": config + "policies: p\n"], arguments: ["check"], status: 2,
            line: ".tandem.yaml:3:11: error[CONF003]: expected sequence for 'policies' in TandemConfig, found string 'p'"),
        Case(
            code: "CONF004", files: [".tandem.yaml": config + "failOn: warnings\n"], arguments: ["config", "show"], status: 2,
            line: ".tandem.yaml:3:9: error[CONF004]: 'warnings' is not a valid value for 'failOn' in TandemConfig; expected one of: error, warning, info, never"),
        Case(
            code: "CONF008", files: [".tandem.yaml": config + "maxRisk: 150\n"], arguments: ["score"], status: 2,
            line: ".tandem.yaml:3:10: error[CONF008]: 'maxRisk' in TandemConfig must be at most 100, found 150"),
        Case(
            code: "CONF010", files: ["ci.yaml": "apiVersion: tandem/v1\nkind: TandemConf\n"], arguments: ["config", "show", "--config", "ci.yaml"], status: 2,
            line: "ci.yaml:2:7: error[CONF010]: expected kind 'TandemConfig', found 'TandemConf'"),
        Case(code: "CLI001", files: [:], arguments: ["chek"], status: 2, line: "error[CLI001]: no such subcommand 'chek'"),
        Case(
            code: "EXPL001", files: policy.merging(["s.yaml": snapshot]) { $1 }, arguments: ["explain", "R-2", "-p", "p", "--snapshot", "s.yaml"], status: 2,
            line: "error[EXPL001]: no enabled rule 'R-2' in p (did you mean 'R-1'?)"),
        Case(
            code: "EXPL002", files: policy.merging(["s.yaml": snapshot]) { $1 }, arguments: ["explain", "R-1", "-p", "p", "--snapshot", "s.yaml", "--subject", "nobody"],
            status: 2, line: "error[EXPL002]: rule R-1 has no subject 'nobody' in s.yaml"),
        Case(
            code: "MAP001", files: mapped(mapping: "dateFormat: [dd/MM/yyyy]\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:3:1: error[MAP001]: unknown key 'dateFormat' in ImportMapping"),
        Case(
            code: "MAP002", files: mapped(mapping: "tables:\n  - sheet: Personnes\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:4:5: error[MAP002]: missing required key 'table' in TableMapping"),
        Case(
            code: "MAP003", files: mapped(mapping: "dateFormats: dd/MM/yyyy\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:3:14: error[MAP003]: expected sequence for 'dateFormats' in ImportMapping, found string 'dd/MM/yyyy'"),
        Case(
            code: "MAP004", files: mapped(mapping: "tables:\n  - table: peple\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:4:12: error[MAP004]: 'peple' is not a valid value for 'table' in TableMapping; expected one of: metadata, organization, organization.department.managers, "
                + "organization.department.previous, organization.awarenessActivities, organization.integrationProcess.evaluations, organization.knowledgeTransfers, "
                + "organization.restructurings, people, people.training, teams, teams.mandate.objectives, teams.members, teams.meetings, teams.meetings.decisions, "
                + "teams.trainings, teams.evaluations, teams.feedback, teams.recognition, teams.improvementCycles, teams.progressReports"),
        Case(
            code: "MAP010", files: ["t/mapping.yaml": "apiVersion: tandem/v1\nkind: ImportMaping\n"], arguments: importMapped, status: 2,
            line: "t/mapping.yaml:2:7: error[MAP010]: expected kind 'ImportMapping', found 'ImportMaping'"),
        Case(
            code: "MAP101", files: mapped(mapping: "tables:\n  - table: people\n    columns: {nme: Nom}\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:5:15: error[MAP101]: people has no column 'nme'"),
        Case(
            code: "MAP102", files: mapped(mapping: "tables:\n  - table: people\n    values:\n      category: {Partenaire patient: patient-advisor}\n"),
            arguments: importMapped, status: 2,
            line: "t/mapping.yaml:6:38: error[MAP102]: 'patient-advisor' is not a value of people.category; expected one of: patient_advisor, professional, manager"),
        Case(
            code: "MAP103", files: mapped(mapping: "tables:\n  - table: people\n  - table: people\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:5:12: error[MAP103]: table 'people' is mapped twice"),
        Case(
            code: "MAP104", files: mapped(mapping: "dateFormats: [MM/yyyy]\n"), arguments: importMapped, status: 2,
            line: "t/mapping.yaml:3:15: error[MAP104]: date format 'MM/yyyy' needs the day (d), the month (M) and the year (y)"),
        Case(
            code: "IMP010", files: mapped(row: "p1,P,Partenaire patiente,01/02/2026"), arguments: importMapped, status: 2,
            line:
                "t/Personnes.csv:2:3: error[IMP010]: 'Partenaire patiente' is in neither the mapping's words (Partenaire patient) nor the format's values (patient_advisor, professional, manager)"
        ),
        Case(
            code: "IMP011", files: mapped(row: "p1,P,Partenaire patient,2026/02/01"), arguments: importMapped, status: 2,
            line: "t/Personnes.csv:2:4: error[IMP011]: '2026/02/01' is a date in none of the mapping's formats (dd/MM/yyyy, or YYYY-MM-DD)"),
        Case(
            code: "INIT001", files: [:], arguments: ["init", "out", "--from", "nowhere"], status: 2,
            line: "error[INIT001]: cannot find the seed pack (Policies/partners-in-care); pass --from PATH-TO-TANDEM or set TANDEM_HOME"),
        Case(
            code: "INIT002", files: ["out/README.md": "ours\n"], arguments: ["init", "out"], status: 2,
            line: "error[INIT002]: 1 file(s) already exist in $DIR/out, nothing was written (use --force to overwrite)"),
        Case(
            code: "INIT003", files: ["out/.github": "a file where a folder goes\n"], arguments: ["init", "out"], status: 2,
            line: "error[INIT003]: cannot create 1 file(s) in $DIR/out: a folder on their path is a file; nothing was written"),
    ]

    /// Codes pinned with their position by another suite (found there by this code).
    static let pinnedElsewhere: [String: String] = [
        "YAML001": "YAMLSourceTests/LoaderErrorTests.swift", "YAML002": "YAMLSourceTests/LoaderErrorTests.swift", "YAML003": "YAMLSourceTests/LoaderErrorTests.swift",
        "YAML004": "YAMLSourceTests/LoaderErrorTests.swift", "YAML005": "YAMLSourceTests/LoaderErrorTests.swift", "YAML006": "TandemCLITests/CrashProbeTests.swift",
        "YAML009": "TandemCLITests/NewUserCorrectnessTests.swift",
        "IO002": "TandemCLITests/DiagnosticPositionTests.swift", "IO004": "TandemCLITests/WaiverAndBaselineTests.swift", "IO008": "TandemCLITests/DiagnosticPositionTests.swift",
        "IO009": "TandemCLITests/WaiverAndBaselineTests.swift",
        "SNAP001": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP002": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP003": "SnapshotModelTests/SnapshotValidationTests.swift",
        "SNAP004": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP005": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP006": "SnapshotModelTests/SnapshotValidationTests.swift",
        "SNAP007": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP010": "SnapshotModelTests/SnapshotValidationTests.swift", "SNAP011": "SnapshotModelTests/DataQualityTests.swift",
        "CEL002": "PolicyCompilerTests/PolicyCompilerTests.swift", "CEL003": "CELTests/CheckerTests.swift", "CEL004": "PolicyCompilerTests/PolicyCompilerTests.swift",
        "CEL009": "CELTests/ExtensionLibraryTests.swift", "EVAL001": "TandemCLITests/golden/commands/eval-error.txt", "EVAL002": "TandemCLITests/CrashProbeTests.swift",
        "POL001": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL002": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL003": "PolicyCompilerTests/PolicyCompilerTests.swift",
        "POL004": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL010": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL011": "PolicyCompilerTests/PolicyCompilerTests.swift",
        "POL012": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL016": "PolicyCompilerTests/PolicyCompilerTests.swift", "POL018": "PolicyCompilerTests/ParameterTests.swift",
        "POL019": "PolicyCompilerTests/ParameterTests.swift", "POL020": "PolicyCompilerTests/ParameterTests.swift", "POL021": "PolicyCompilerTests/ParameterTests.swift",
        "POL022": "PolicyCompilerTests/ParameterTests.swift", "POL023": "PolicyCompilerTests/ParameterTests.swift",
        "RISK001": "PolicyCompilerTests/PolicyCompilerTests.swift", "RISK011": "PolicyCompilerTests/PolicyCompilerTests.swift", "RISK012": "PolicyCompilerTests/PolicyCompilerTests.swift",
        "RISK014": "PolicyCompilerTests/PolicyCompilerTests.swift", "RISK015": "PolicyCompilerTests/PolicyCompilerTests.swift", "RISK017": "TandemCLITests/NewUserCorrectnessTests.swift",
        "RISK018": "PolicyCompilerTests/PolicyCompilerTests.swift",
        "WAIV001": "TandemCLITests/WaiverAndBaselineTests.swift", "WAIV005": "TandemCLITests/WaiverAndBaselineTests.swift", "WAIV012": "TandemCLITests/NewUserCorrectnessTests.swift",
        "WAIV101": "TandemCLITests/WaiverAndBaselineTests.swift",
        "IMP001": "TandemCLITests/ImportTests.swift", "IMP002": "TandemCLITests/ImportTests.swift", "IMP003": "TandemCLITests/ImportTests.swift",
        "IMP004": "TandemCLITests/ImportTests.swift", "IMP008": "TandemCLITests/ImportTests.swift", "IMP009": "TandemCLITests/ImportTests.swift",
        "IMP005": "TandemCLITests/ImportTests.swift", "IMP006": "TandemCLITests/ImportTests.swift", "IMP007": "TandemCLITests/ImportTests.swift",
        "HIST002": "TandemCLITests/HistoryTests.swift", "HIST003": "TandemCLITests/DiagnosticPositionTests.swift", "HIST004": "TandemCLITests/HistoryTests.swift",
    ]

    @Test(arguments: cases)
    func isReportedAtItsPosition(_ testCase: Case) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in testCase.files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for name in testCase.directories {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let run = try TandemProcess.run(testCase.arguments, environment: ["TANDEM_HOME": "/nonexistent"], directory: directory)
        #expect(run.status == testCase.status, "\(run.stderr)")
        let lines = (run.stderr + run.stdout).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let first = lines.first { $0.contains("[\(testCase.code)]") }
        #expect(first == testCase.line.replacingOccurrences(of: "$DIR", with: directory.path), "output:\n\(run.stderr)\(run.stdout)")
    }

    /// A file name that is not UTF-8 and a FIFO found by a directory walk are said, by name,
    /// and the run is incomplete (exit 2), never a silent clean pass.
    @Test func nonUTF8NameAndFIFOAreSaid() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in Self.policy {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("p"), withIntermediateDirectories: true)
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("d"), withIntermediateDirectories: true)
        let badName: [UInt8] = Array((directory.path + "/d/bad").utf8) + [0xFF] + Array(".yaml".utf8) + [0]
        let fd = badName.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let named = try TandemProcess.run(["check", "-p", "p", "d"], directory: directory)
        #expect(named.status == 2)
        #expect(named.stderr.contains("error[IO002]: cannot read an entry of d: its name is not valid UTF-8 (bad\u{FFFD}.yaml)"))

        try FileManager.default.createDirectory(at: directory.appendingPathComponent("f"), withIntermediateDirectories: true)
        #expect(mkfifo(directory.appendingPathComponent("f/pipe.yaml").path, 0o644) == 0)
        let fifo = try TandemProcess.run(["check", "-p", "p", "f"], directory: directory)
        #expect(fifo.status == 2)
        #expect(
            fifo.stderr.contains("error[IO008]: skipped f/pipe.yaml: not a regular file (a FIFO, socket or device could block); name it to read it as a stream"))
    }

    /// Another writer holding the history past the busy timeout is HIST003 (retry later), not
    /// HIST001 ("not a history"), and the file is left as it was.
    @Test func aLockedHistoryIsHIST003() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = TandemProcess.packageRoot.path
        let history = directory.appendingPathComponent("h.sqlite").path
        let first = try TandemProcess.run(["history", "add", "-p", root + "/Policies/partners-in-care", "--history", history, root + "/Fixtures/valid/well-run.yaml"])
        #expect(first.status == 0, "\(first.stderr)")
        let script = """
            import sqlite3, subprocess, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            run = subprocess.run(sys.argv[2:], capture_output=True, text=True)
            print(run.returncode)
            print(run.stderr, end="")
            """
        let run = try ReportFormatTests.python(
            ["-c", script, history, TandemProcess.executable.path, "history", "add", "-p", root + "/Policies/partners-in-care", "--history", history, root + "/Fixtures/valid/mixed.yaml"])
        #expect(run.stdout.hasPrefix("2\nerror[HIST003]: cannot open history \(history): database is locked"), "\(run.stdout)\(run.stderr)")
        let list = try TandemProcess.run(["history", "list", "--history", history])
        #expect(list.status == 0)
        #expect(list.stdout.contains("CISSS Riverside"))
        #expect(!list.stdout.contains("CSSS Lakeside"), "the locked run recorded nothing")
    }

    /// Every code in `tandem diagnostics` has a case here or a named test elsewhere; a code
    /// listed twice, or a code that no longer exists, fails too.
    @Test func everyCatalogueCodeIsPinned() throws {
        let run = try TandemProcess.run(["diagnostics"])
        let catalogue = Set(run.stdout.matches(of: #/\n\| ([A-Z]+[0-9]{3}) \|/#).map { String($0.1) })
        let here = Set(Self.cases.map(\.code))
        let elsewhere = Set(Self.pinnedElsewhere.keys)
        #expect(here.count == Self.cases.count, "a code has two cases")
        #expect(here.isDisjoint(with: elsewhere))
        #expect(catalogue.subtracting(here).subtracting(elsewhere).sorted() == [], "codes with no positioned test")
        #expect(here.union(elsewhere).subtracting(catalogue).sorted() == [], "codes pinned but not in any catalogue")
        let tests = TandemProcess.packageRoot.appendingPathComponent("Tests")
        for (code, file) in Self.pinnedElsewhere.sorted(by: { $0.key < $1.key }) {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains(code), "\(file) does not mention \(code)")
        }
    }

    static func scratch() throws -> URL {
        let url = Scratch.root.appendingPathComponent("tandem-diag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
