import Diagnostics
import SnapshotModel

/// Every diagnostic of policy sets: the shared schema checks under `POL`, then the compiler's.
public enum PolicyDiagnostics: DiagnosticCatalogue {
    public static let title = "Policy sets (POL…)"
    public static let duplicateRule = DiagnosticKind("POL011", .error, "duplicate rule id", help: "To change an inherited rule, use overrides.")
    public static let badExtends = DiagnosticKind("POL012", .error, "extends names a missing file, or forms a cycle", help: "Paths in extends are relative to the file that names them.")
    public static let unmatchedOverride = DiagnosticKind("POL013", .warning, "an override matches no rule", help: "Check the id or glob against `tandem compile --list`.")
    public static let forEachNotList = DiagnosticKind("POL014", .error, "forEach does not produce a list", help: "forEach is the list of subjects, e.g. snapshot.teams.")
    public static let noPolicySet = DiagnosticKind("POL015", .error, "no policy set found", help: "Point --policy at PolicySet files or a directory of them.")
    public static let unterminatedHole = DiagnosticKind("POL016", .error, "unterminated {{ in a message", help: "Close every {{ with }}.")
    public static let badExample = DiagnosticKind("POL017", .error, "malformed rule example", help: "An example is a mapping of asOf, organization, people and teams.")
    public static let badParameterName = DiagnosticKind(
        "POL018", .error, "duplicate or badly named parameter", help: "Declare each parameter once, with a simple identifier; override it with overrides.")
    public static let parameterType = DiagnosticKind("POL019", .error, "a parameter's default or override has the wrong type", help: "The value must have the parameter's declared type.")
    public static let unknownParameter = DiagnosticKind("POL020", .error, "an override names no parameter (with \"did you mean\")", help: "`tandem compile --list` lists the parameters.")
    public static let badProvenance = DiagnosticKind(
        "POL021", .error, "a parameter's source is neither a seed citation with its quote nor a tandem-default reason", help: "Give {source, section, quote} or {tandem-default: why}.")
    public static let badOverride = DiagnosticKind(
        "POL022", .error, "an override that changes nothing, mixes a rule and a parameter, or rewords a glob", help: "One override per change; reword one rule id at a time.")
    public static let longQuote = DiagnosticKind("POL023", .error, "a quotation longer than 30 words", help: "Quote, do not copy: keep the words that support the rule.")
    public static let badSubjectName = DiagnosticKind("POL024", .error, "a rule with forEach lacks a valid 'as' name", help: "as: NAME, a simple identifier other than snapshot and organization.")
    public static let badVariableName = DiagnosticKind("POL025", .error, "a variable name that is not a new simple identifier", help: "Rename the variable.")
    public static let asWithoutForEach = DiagnosticKind("POL026", .warning, "'as' has no effect without forEach", help: "Remove it, or add forEach.")
    public static let missingLanguage = DiagnosticKind(
        "POL027", .warning, "a text lacks a language its file declares (languages:)", help: "Write it as {en: …, fr: …} with every declared language; readers of the missing one see the first.")

    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "POL", schema: PolicySchema.root, loaderChecks: [SchemaDiagnostics.wrongKind]) + [
            duplicateRule, badExtends, unmatchedOverride, forEachNotList, noPolicySet, unterminatedHole, badExample, badParameterName,
            parameterType, unknownParameter, badProvenance, badOverride, longQuote, badSubjectName, badVariableName, asWithoutForEach, missingLanguage,
        ]
    }
}

/// Every diagnostic of risk models: the shared schema checks under `RISK`, then the compiler's.
public enum RiskDiagnostics: DiagnosticCatalogue {
    public static let title = "Risk models (RISK…)"
    public static let secondModel = DiagnosticKind("RISK018", .error, "more than one RiskModel beside the policies", help: "Keep one per policy set.")
    public static let duplicateFactor = DiagnosticKind("RISK011", .error, "duplicate factor id", help: "Factor ids are unique.")
    public static let badViolated = DiagnosticKind(
        "RISK012", .error, "violated() names no rule, or not with a string literal", help: "A typo would silently zero the factor; name a rule of the policy set.")
    public static let badSignal = DiagnosticKind("RISK013", .error, "a signal that is not a number or a bool", help: "Return a number in [0, 1] or a bool.")
    public static let badVariableName = DiagnosticKind("RISK014", .error, "a variable name that is not a new simple identifier", help: "Rename the variable.")
    public static let bandsOutOfOrder = DiagnosticKind("RISK015", .error, "bands do not rise", help: "moderate ≤ high ≤ critical.")
    public static let noModelForMaxRisk = DiagnosticKind("RISK016", .error, "--max-risk without a RiskModel", help: "Put a RiskModel beside the policies given with --policy.")
    public static let reservedFactor = DiagnosticKind("RISK017", .error, "a factor named 'teams', the teams' aggregate", help: "Choose another id.")
    public static let missingLanguage = DiagnosticKind(
        "RISK019", .warning, "a factor's text lacks a language its file declares (languages:)",
        help: "Write it as {en: …, fr: …} with every declared language; readers of the missing one see the first.")

    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "RISK", schema: RiskModelSchema.root, loaderChecks: []) + [
            duplicateFactor, badViolated, badSignal, badVariableName, bandsOutOfOrder, noModelForMaxRisk, reservedFactor, secondModel, missingLanguage,
        ]
    }
}
