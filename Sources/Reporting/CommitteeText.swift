import Diagnostics
/// What the committee reports (Markdown, HTML) explain beyond findings: the domain's terms as the
/// sources define them (Clavel 2019; Pomey 2018; see the digest in the seeds' README) and the full
/// references of the sources rules cite.
public enum CommitteeText {
    /// A defined term, shown when the report uses one of its `cues`.
    public struct Term: Sendable {
        /// The term, with its abbreviation.
        public var term: String
        /// What it means.
        public var definition: String
        /// Words whose presence in a report means the term is used.
        var cues: [String]
    }

    /// A cited source.
    public struct Source: Sendable {
        /// The short name rules cite (`Clavel 2019`).
        public var shortName: String
        public var authors: String
        public var year: Int
        public var title: String
        public var journal: String
        public var volume: String
        public var doi: String?
    }

    static let terms: [Term] = [
        Term(
            term: "Patient advisor (PA)", definition: "a volunteer with experience as a patient or a patient's family member who shares that experiential knowledge on a quality-improvement team.",
            cues: ["advisor", "PA"]),
        Term(term: "Patient coach", definition: "a patient advisor with prior experience, assigned to newly recruited advisors.", cues: ["coach"]),
        Term(term: "QI team / continuous improvement committee (CIC)", definition: "the team that runs Plan-Do-Study-Act improvement cycles against an action plan.", cues: ["CIC", "QI", "team"]),
        Term(
            term: "Institutional collaboration leader (ICL)", definition: "a provider or manager from outside the team who supports the advisors' integration.",
            cues: ["ICL", "institutional collaboration leader"]),
        Term(term: "CPPU", definition: "the Collaboration and Patient Partnership Unit of the Université de Montréal Faculty of Medicine, which created the Partners in Care Program.", cues: ["CPPU"]),
        Term(term: "Management levels", definition: "top (executive management, board), mid (senior and middle managers), front-line (program managers).", cues: ["top", "mid", "front-line"]),
        Term(
            term: "Tokenism risk", definition: "Tandem's 0–100 estimate of how likely advisors are present without real influence, from the practices the sources name (see docs/risk.md).",
            cues: ["risk"]),
        Term(term: "Evidence completeness", definition: "the share of applicable checks the recorded facts could decide; an undecided check needs a fact recorded.", cues: ["evidence", "undecided"]),
    ]

    /// The same terms in Quebec French, in the field's words.
    static let frenchTerms: [Term] = [
        Term(
            term: "Patient partenaire (PP)",
            definition: "personne bénévole qui a l'expérience de la maladie, ou d'un proche malade, et partage ce savoir expérientiel au sein d'une équipe d'amélioration de la qualité.",
            cues: ["patient partenaire", "patients partenaires"]),
        Term(term: "Patient accompagnateur", definition: "patient partenaire expérimenté jumelé aux patients partenaires nouvellement recrutés.", cues: ["accompagnateur"]),
        Term(
            term: "Comité d'amélioration continue (CAC)", definition: "l'équipe qui mène des cycles d'amélioration Planifier-Faire-Étudier-Agir selon un plan d'action.",
            cues: ["comité", "équipe", "Équipe"]),
        Term(
            term: "Leader de collaboration institutionnelle (LCI)", definition: "intervenant ou gestionnaire extérieur à l'équipe qui soutient l'intégration des patients partenaires.",
            cues: ["LCI", "leader de collaboration"]),
        Term(
            term: "DCPP", definition: "la Direction collaboration et partenariat patient de la Faculté de médecine de l'Université de Montréal, qui a créé le programme Partenaires de soins.",
            cues: ["DCPP", "CPPU"]),
        Term(
            term: "Niveaux de gestion",
            definition: "haute direction (direction générale, conseil d'administration), niveau intermédiaire (cadres supérieurs et intermédiaires), première ligne (gestionnaires de programme).",
            cues: ["haute direction", "niveau intermédiaire", "première ligne"]),
        Term(
            term: "Risque de tokénisme",
            definition:
                "l'estimation par Tandem, de 0 à 100, du risque que les patients partenaires soient présents sans influence réelle, à partir des pratiques que nomment les sources (docs/risk.md).",
            cues: ["risque"]),
        Term(
            term: "Complétude des données", definition: "la part des vérifications applicables que les faits consignés permettent de trancher; une vérification non tranchée attend un fait consigné.",
            cues: ["données", "non tranch"]),
    ]

    static let sources: [Source] = [
        Source(
            shortName: "Clavel 2019", authors: "Clavel, Pomey & Ghadiri", year: 2019,
            title: "Partnering with patients in quality improvement: towards renewed practices for healthcare organization managers?",
            journal: "BMC Health Services Research", volume: "19:815", doi: "10.1186/s12913-019-4618-8"),
        Source(
            shortName: "Pomey 2018", authors: "Pomey et al.", year: 2018,
            title: "Development of patient-inclusive teams: toward a structured methodology.",
            journal: "Healthcare Quarterly", volume: "21(SP):38–44", doi: nil),
    ]

    /// The terms a report's `text` uses.
    public static func glossary(usedIn text: String, language: Language = .en) -> [Term] {
        (language == .fr ? frenchTerms : terms).filter { term in term.cues.contains { UTF8Search.contains(text, $0) } }
    }

    /// The sources the reported findings cite (their references start with the short name).
    public static func references(citedBy result: CheckResult) -> [Source] {
        let cited = result.entries.flatMap(\.finding.references)
        return sources.filter { source in cited.contains { $0.hasPrefix(source.shortName) } }
    }
}
