import Diagnostics

/// Tandem's fixed phrases in the committee's reports, keyed by their English text — gettext's
/// model: the English is both the key and the fallback, and `%@` placeholders are filled in
/// order. `PhrasebookTests` checks that every phrase a reporter asks for has its French.
public struct Phrasebook: Sendable {
    /// The language phrases are given in.
    public var language: Language

    /// Creates a phrasebook.
    public init(language: Language) {
        self.language = language
    }

    /// `english` in the phrasebook's language, its `%@` replaced by `values` in order.
    ///
    /// The slots are found in the phrase alone, by its bytes: a value that itself holds `%@` (a
    /// snapshot's text) is never taken for the next slot. Found with Foundation's `range(of:)`,
    /// once per value, they were a tenth of a 10,000-team HTML report.
    public func callAsFunction(_ english: String, _ values: String...) -> String {
        let phrase = language == .fr ? (Self.french[english] ?? english) : english
        guard !values.isEmpty else { return phrase }
        let bytes = phrase.utf8
        var out = ""
        var remaining = values[...]
        var copied = bytes.startIndex
        var at = bytes.startIndex
        while at < bytes.endIndex, !remaining.isEmpty {
            let next = bytes.index(after: at)
            guard bytes[at] == UInt8(ascii: "%"), next < bytes.endIndex, bytes[next] == UInt8(ascii: "@") else {
                at = next
                continue
            }
            out += phrase[copied..<at]
            out += remaining.removeFirst()
            at = bytes.index(after: next)
            copied = at
        }
        out += phrase[copied...]
        return out
    }

    /// Whether `english` has a French phrase (for the test that keeps the table complete).
    public static func translates(_ english: String) -> Bool { french[english] != nil }

    /// Quebec French, with the field's words (patient partenaire, constat, dérogation).
    static let french: [String: String] = [
        // The trend (tandem trend, and the trend in the HTML report)
        "Tokenism risk over time — %@": "Risque de tokénisme au fil du temps — %@",
        "not scored": "non évalué",
        "organization": "organisation",
        "policy changed: %@ → %@; some changes may be the policy's": "politique modifiée : %@ → %@ ; certains changements peuvent venir de la politique",
        "opened %@, resolved %@, still open %@": "ouverts %@, résolus %@, toujours ouverts %@",
        "open since %@ (%@ days)": "ouvert depuis le %@ (%@ jours)",
        ", waived": ", sous dérogation",
        "waiver for %@ on %@ (owner %@) expired on %@": "la dérogation pour %@ sur %@ (responsable %@) a expiré le %@",
        "Risk over time — %@": "Risque au fil du temps — %@",
        "Scores at each recorded date": "Scores à chaque date consignée",
        "Teams": "Équipes",
        "Policy": "Politique",
        "%@ to %@": "Du %@ au %@",
        "Policy changed": "Politique modifiée",
        "from %@ to %@: some changes below may be the policy's, not the organization's.": "de %@ à %@ : certains changements ci-dessous peuvent venir de la politique, non de l'organisation.",
        "Opened %@, resolved %@, still open %@": "Ouverts %@, résolus %@, toujours ouverts %@",
        ", waivers expired %@": ", dérogations expirées %@",
        "Change": "Changement",
        "Finding": "Constat",
        "Open since": "Ouvert depuis",
        "opened": "ouvert",
        "resolved": "résolu",
        "still open": "toujours ouvert",
        " (waived)": " (sous dérogation)",
        "%@ (%@ days)": "%@ (%@ jours)",
        "Waiver for %@ on %@ (owner %@) expired on %@.": "La dérogation pour %@ sur %@ (responsable %@) a expiré le %@.",
        "Tokenism risk over time, 0 to 100": "Risque de tokénisme au fil du temps, de 0 à 100",
        "Each line is the organization or a team; labels give the latest score. Shaded bands: low, moderate, high, critical.":
            "Chaque ligne est l'organisation ou une équipe ; les étiquettes donnent le dernier score. Zones ombrées : faible, modéré, élevé, critique.",
        "Risk over time · %@": "Risque au fil du temps · %@",
        "Patient-partnership: risk over time": "Partenariat patient : le risque au fil du temps",
        // Title, header, contents, footer
        "Patient-partnership self-assessment": "Autoévaluation du partenariat patient",
        " · facts as of %@": " · faits au %@",
        "%@ snapshots": "%@ instantanés",
        " · run on %@": " · exécuté le %@",
        "Contents": "Table des matières",
        "Summary": "Sommaire",
        "Tokenism risk by team": "Risque de tokénisme par équipe",
        "Findings by practice type": "Constats par type de pratique",
        "Remediation actions": "Actions correctives",
        "Waivers": "Dérogations",
        "Input problems": "Problèmes d'entrée",
        "Risk over time": "Risque dans le temps",
        "Glossary and references": "Glossaire et références",
        "References": "Références",
        "Generated by tandem %@%@. Scores and findings are Tandem's reading of the facts recorded; the sources' own words are quoted in the rules.":
            "Produit par tandem %@%@. Les scores et les constats sont la lecture par Tandem des faits consignés; les règles citent les sources dans leurs propres mots.",
        " on %@": " le %@",
        "Page %@ of %@": "Page %@ de %@",
        // Summary
        "Policy set applied": "Ensemble de règles appliqué",
        "(%@ rules)": "(%@ règles)",
        "Run on": "Exécuté le",
        "Open findings": "Constats ouverts",
        "%@: %@ error, %@ warning, %@ info": "%@ : %@ erreur(s), %@ avertissement(s), %@ info",
        "Undecided for lack of evidence": "Non tranchés faute de données",
        "%@ checks": "%@ vérifications",
        "Baseline": "Référence",
        "%@ already known and not listed; %@ new; %@ fixed since": "%@ déjà connus et non listés; %@ nouveaux; %@ corrigés depuis",
        "Incomplete:": "Incomplet :",
        "%@ input error(s); not assessed: %@.": "%@ erreur(s) d'entrée; non évalué : %@.",
        "see Input problems": "voir Problèmes d'entrée",
        "Snapshots assessed": "Instantanés évalués",
        "Organization": "Organisation",
        "Facts as of": "Faits au",
        "Tokenism risk (0–100)": "Risque de tokénisme (0–100)",
        "Evidence completeness": "Complétude des données",
        "range %@–%@": "intervalle %@–%@",
        "Scores run from 0 (no sign of tokenism) to 100. A range shows where a score would land if the facts not recorded went well or badly.":
            "Les scores vont de 0 (aucun signe de tokénisme) à 100. Un intervalle montre où tomberait un score si les faits non consignés allaient bien ou mal.",
        // Risk
        " — facts as of %@": " — faits au %@",
        "Largest factors per team": "Principaux facteurs par équipe",
        "Subject": "Sujet",
        "Score": "Score",
        "Largest factors (points)": "Principaux facteurs (points)",
        "Tokenism risk, 0 to 100, for the organization and each team": "Risque de tokénisme, de 0 à 100, pour l'organisation et chaque équipe",
        "Bars show each score on the 0–100 scale, shaded by band; a line across a bar is the range if unknown facts went either way.":
            "Les barres montrent chaque score sur l'échelle de 0 à 100, sur fond de sa zone; un trait sur une barre est l'intervalle selon que les faits inconnus iraient bien ou mal.",
        // Findings
        "Open findings by practice type and management level (Clavel 2019, Additional file 2)":
            "Constats ouverts par type de pratique et niveau de gestion (Clavel 2019, fichier additionnel 2)",
        "Practice": "Pratique",
        "top": "haute direction",
        "mid": "niveau intermédiaire",
        "front-line": "première ligne",
        "none": "aucun",
        "Fix: %@": "À faire : %@",
        "Source: %@": "Source : %@",
        "Checks undecided for lack of evidence: record these facts (or write them as unknown)":
            "Vérifications non tranchées faute de données : consigner ces faits (ou les écrire unknown)",
        "Rule": "Règle",
        "Fact not recorded": "Fait non consigné",
        // Actions
        "Every rule with an open finding: first those whose fix could lower tokenism risk the most (the points of the risk factors that depend on the rule, summed over the organization's and the teams' scores: an upper bound), then the most severe and most frequent.":
            "Chaque règle qui a un constat ouvert : d'abord celles dont la correction pourrait le plus réduire le risque de tokénisme (les points des facteurs de risque qui dépendent de la règle, additionnés sur les scores de l'organisation et des équipes : une borne supérieure), puis les plus graves et les plus fréquentes.",
        "; up to %@ risk points": "; jusqu'à %@ points de risque",
        // Waivers
        "Waiver register on the run's date": "Registre des dérogations à la date d'exécution",
        "State": "État",
        "Findings matched": "Constats visés",
        "Owner": "Responsable",
        "Reason": "Motif",
        "Expires": "Échéance",
        "active": "active",
        "expiring within 30 days": "échéance dans moins de 30 jours",
        "expired": "échue",
        "unused": "inutilisée",
        "Findings waived in this run": "Constats sous dérogation dans cette exécution",
        // Markdown
        "Run on %@. ": "Exécuté le %@. ",
        "Policy **%@**, %@ rules; ": "Ensemble de règles **%@**, %@ règles; ",
        "%@ snapshot(s); ": "%@ instantané(s); ",
        "%@ open finding(s): %@ error, %@ warning, %@ info": "%@ constat(s) ouvert(s) : %@ erreur(s), %@ avertissement(s), %@ info",
        "; %@ check(s) undecided for lack of evidence": "; %@ vérification(s) non tranchée(s) faute de données",
        "; %@ waived (listed under each snapshot).": "; %@ sous dérogation (listés sous chaque instantané).",
        "Baseline %@: %@ finding(s) already known to it are not listed; %@ new; %@ fixed since.":
            "Référence %@ : %@ constat(s) qu'elle connaît déjà ne sont pas listés; %@ nouveau(x); %@ corrigé(s) depuis.",
        "see the input problems below": "voir les problèmes d'entrée plus bas",
        "Facts as of %@.": "Faits au %@.",
        "Evidence completeness (checks the recorded facts could decide): %@": "Complétude des données (vérifications que les faits consignés permettent de trancher) : %@",
        "Tokenism risk": "Risque de tokénisme",
        "Scores run from 0 (no risk) to 100; a range shows where the score would land if the facts not recorded went well or badly.":
            "Les scores vont de 0 (aucun risque) à 100; un intervalle montre où tomberait le score si les faits non consignés allaient bien ou mal.",
        "| subject | score | band | range if unknowns go either way | largest factor |": "| sujet | score | zone | intervalle selon les inconnues | principal facteur |",
        "Findings by practice type and management level": "Constats par type de pratique et niveau de gestion",
        "practice": "pratique",
        "Every rule with an open finding: first those whose fix could lower tokenism risk the most (the points of the risk factors that depend on the rule, an upper bound), then the most severe and most frequent.":
            "Chaque règle qui a un constat ouvert : d'abord celles dont la correction pourrait le plus réduire le risque de tokénisme (les points des facteurs de risque qui dépendent de la règle : une borne supérieure), puis les plus graves et les plus fréquentes.",
        "Waived findings": "Constats sous dérogation",
        "Not counted while their waiver lasts; each waiver names who answers for it.": "Non comptés tant que dure leur dérogation; chaque dérogation nomme qui en répond.",
        "| rule | subject | owner | reason | expires |": "| règle | sujet | responsable | motif | échéance |",
        "Insufficient evidence": "Données insuffisantes",
        "These checks apply but could not be decided: record the facts below (or write them as `unknown` if nobody knows).":
            "Ces vérifications s'appliquent mais n'ont pu être tranchées : consigner les faits ci-dessous (ou les écrire `unknown` si personne ne les connaît).",
        "| rule | subject | fact not recorded |": "| règle | sujet | fait non consigné |",
        "Waiver register": "Registre des dérogations",
        "| rule | subject | state | findings matched | owner | reason | expires |": "| règle | sujet | état | constats visés | responsable | motif | échéance |",
        "| where | code | problem |": "| où | code | problème |",
        "Glossary": "Glossaire",
        // tandem score
        "Tokenism risk: %@ (%@)": "Risque de tokénisme : %@ (%@)",
        "%@ if the 1 unknown factor goes either way": "%@ selon que le facteur inconnu aille bien ou mal",
        "%@ if the %@ unknown factors go either way": "%@ selon que les %@ facteurs inconnus aillent bien ou mal",
        // Inputs
        "These inputs were not assessed until fixed.": "Ces entrées ne seront évaluées qu'une fois corrigées.",
        "Where": "Où",
        "Code": "Code",
        "Problem": "Problème",
    ]
}
