import Diagnostics
import Evaluation
import PolicyCompiler
import RiskScoring

/// The words of a report that are Tandem's, not the policy's (rule texts are compiled in the
/// language chosen, see `PolicyCompiler.language`): one table per language, so a translation is
/// complete by construction — the type has no default.
public struct Vocabulary: Sendable {
    /// "1 snapshot", "2 snapshots"
    public var count: @Sendable (Int, Noun) -> String
    public var seeStderr: String
    public var waived: @Sendable (Int) -> String
    public var undecided: @Sendable (Int) -> String
    public var valid: String
    public var evaluationError: String
    public var waivedTag: String
    public var waivedUntil: @Sendable (_ date: String, _ owner: String, _ reason: String) -> String
    public var fix: String
    public var tokenismRisk: String
    public var organizationLabel: String
    public var rangeNote: String
    public var largestFactor: String
    public var evidenceCompleteness: String
    /// After the teams a line lists when there are too many to list: how many more, whether
    /// each of those is complete, and whether any team was listed before them.
    public var otherTeamsEvidence: @Sendable (_ count: Int, _ allComplete: Bool, _ afterOthers: Bool) -> String
    /// After the highest-scoring teams of the risk line: how many more scored no higher.
    public var otherTeamsRisk: @Sendable (_ count: Int) -> String
    public var evidenceDecided: @Sendable (_ percent: String, _ decided: Int, _ applicable: Int) -> String
    public var noCheckApplied: String
    public var insufficientHeading: String
    public var notRecorded: String
    public var bySeverity: @Sendable (_ errors: Int, _ warnings: Int, _ infos: Int) -> String
    public var baseline: @Sendable (_ new: Int, _ unchanged: Int, _ fixed: Int) -> String
    public var incomplete: String
    public var subjectKind: @Sendable (String) -> String
    public var practice: @Sendable (PracticeType) -> String
    public var severity: @Sendable (Severity) -> String
    public var band: @Sendable (RiskBand) -> String
    /// "2 error", "2 erreurs": a count of findings of one severity.
    public var severityCount: @Sendable (Int, Severity) -> String

    /// Things counted in reports.
    public enum Noun: Sendable {
        case file, snapshot, rule, finding, inputError
    }

    /// The vocabulary of `language`.
    public static func of(_ language: Language) -> Vocabulary {
        switch language {
        case .en: english
        case .fr: french
        }
    }

    static let english = Vocabulary(
        count: { n, noun in
            let word =
                switch noun {
                case .file: "file"
                case .snapshot: "snapshot"
                case .rule: "rule"
                case .finding: "finding"
                case .inputError: "input error"
                }
            return "\(n) \(word)\(n == 1 ? "" : "s")"
        },
        seeStderr: "(see stderr)", waived: { "(\($0) waived)" }, undecided: { "\($0) undecided for lack of evidence" }, valid: "valid",
        evaluationError: "(evaluation error)", waivedTag: "waived", waivedUntil: { "[waived until \($0) by \($1): \($2)]" }, fix: "fix:",
        tokenismRisk: "Tokenism risk (0–100): ", organizationLabel: "organization",
        rangeNote: "[low–high]: the score if the facts not recorded all went well, or all badly", largestFactor: "largest organization factor:",
        evidenceCompleteness: "Evidence completeness:",
        otherTeamsEvidence: { n, complete, afterOthers in
            let teams = n == 1 ? "team" : "teams"
            return complete ? "\(afterOthers ? "the other" : "all") \(n) \(teams) 100%" : "\(n) more \(teams) (the JSON report lists every team)"
        },
        otherTeamsRisk: { "\($0) more team\($0 == 1 ? "" : "s") scored no higher (the JSON report lists every team)" },
        evidenceDecided: { "\($0) (\($1) of \($2) checks decided)" }, noCheckApplied: "no check applied",
        insufficientHeading: "Insufficient evidence (record these facts, or write unknown):", notRecorded: "not recorded",
        bySeverity: { "(\($0) error, \($1) warning, \($2) info)" }, baseline: { "baseline: \($0) new, \($1) unchanged, \($2) fixed" },
        incomplete: "(report incomplete)", subjectKind: { $0 }, practice: { $0.rawValue }, severity: { $0.rawValue }, band: { $0.rawValue },
        severityCount: { "\($0) \($1.rawValue)" })

    /// Quebec French, in the words of the field: constat, patient partenaire, dérogation, données.
    static let french = Vocabulary(
        count: { n, noun in
            let (one, many) =
                switch noun {
                case .file: ("fichier", "fichiers")
                case .snapshot: ("instantané", "instantanés")
                case .rule: ("règle", "règles")
                case .finding: ("constat", "constats")
                case .inputError: ("erreur d'entrée", "erreurs d'entrée")
                }
            return "\(n) \(n <= 1 ? one : many)"
        },
        seeStderr: "(voir stderr)", waived: { "(\($0) sous dérogation)" }, undecided: { "\($0) non tranché\($0 <= 1 ? "" : "s") faute de données" },
        valid: "valide", evaluationError: "(erreur d'évaluation)", waivedTag: "dérogé",
        waivedUntil: { "[dérogation jusqu'au \($0), accordée par \($1) : \($2)]" }, fix: "à faire :",
        tokenismRisk: "Risque de tokénisme (0–100) : ", organizationLabel: "organisation",
        rangeNote: "[bas–haut] : le score si les faits non consignés allaient tous bien, ou tous mal", largestFactor: "principal facteur de l'organisation :",
        evidenceCompleteness: "Complétude des données :",
        otherTeamsEvidence: { n, complete, afterOthers in
            let teams = n == 1 ? "équipe" : "équipes"
            let others = n == 1 ? "autre " : "autres "
            if complete { return "\(n == 1 ? "l'" : "les \(n) ")\(afterOthers ? others : "")\(teams) 100%" }
            return "\(n) \(others)\(teams) (le rapport JSON les liste toutes)"
        },
        otherTeamsRisk: { "\($0) autre\($0 == 1 ? " équipe" : "s équipes"), au score qui n'est pas plus élevé (le rapport JSON les liste toutes)" },
        evidenceDecided: { "\($0) (\($1) vérifications tranchées sur \($2))" },
        noCheckApplied: "aucune vérification applicable",
        insufficientHeading: "Données insuffisantes (consigner ces faits, ou écrire unknown) :", notRecorded: "non consigné",
        bySeverity: { "(\($0) erreur\($0 <= 1 ? "" : "s"), \($1) avertissement\($1 <= 1 ? "" : "s"), \($2) info)" },
        baseline: { "référence : \($0) nouveau\($0 <= 1 ? "" : "x"), \($1) inchangé\($1 <= 1 ? "" : "s"), \($2) corrigé\($2 <= 1 ? "" : "s")" },
        incomplete: "(rapport incomplet)",
        subjectKind: { kind in
            switch kind {
            case "Organization": "Organisation"
            case "Team": "Équipe"
            case "Person": "Personne"
            default: kind
            }
        },
        practice: { practice in
            switch practice {
            case .design: "conception"
            case .structuring: "structuration"
            case .operational: "opérationnalisation"
            case .evaluation: "évaluation"
            }
        },
        severity: { severity in
            switch severity {
            case .error: "erreur"
            case .warning: "avert."
            case .info: "info"
            }
        },
        band: { band in
            switch band {
            case .low: "faible"
            case .moderate: "modéré"
            case .high: "élevé"
            case .critical: "critique"
            }
        },
        severityCount: { n, severity in
            switch severity {
            case .error: "\(n) erreur\(n <= 1 ? "" : "s")"
            case .warning: "\(n) avert."
            case .info: "\(n) info"
            }
        })
}
