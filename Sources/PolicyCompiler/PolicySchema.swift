import Diagnostics
import CEL
import SnapshotModel

/// The `PolicySet` format (`apiVersion: tandem/v1`), declared as data like the snapshot format.
public enum PolicySchema {
    /// The document kind.
    public static let kind = "PolicySet"

    /// The document's root.
    public static let root = ObjectSchema(
        "PolicySet", "Rules that check organization snapshots.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema("metadata", .object(metadata), required: true, "Name and version."),
            FieldSchema(
                "languages", .list(.enumeration(Language.allCases.map(\.rawValue))),
                "Languages of this file's texts, the first written everywhere (default: en); a text lacking one is POL027."),
            FieldSchema("extends", .list(.string), "Policy sets (files or directories, relative to this file) whose rules this set inherits."),
            FieldSchema("cel", .object(celOptions), "The CEL extension libraries this file's expressions use (default: all)."),
            FieldSchema("parameters", .list(.object(parameter)), "Named thresholds rules read as params.NAME, each with its provenance."),
            FieldSchema("overrides", .list(.object(override)), "Changes to inherited rules (by id or glob) or parameters."),
            FieldSchema("rules", .list(.object(rule)), "The rules."),
        ])

    /// `cel: {extensions: [strings, math]}`: the libraries a file's expressions may use. Shared
    /// by policy sets and risk models.
    public static let celOptions = ObjectSchema(
        "CELOptions", "CEL language options for the expressions of this file.",
        fields: [
            FieldSchema(
                "extensions", .list(.enumeration(CELExtension.allCases.map(\.rawValue))),
                "Extension libraries enabled (docs/cel.md); a file without this field enables them all, `[]` none.")
        ])

    static let metadata = ObjectSchema(
        "PolicyMetadata", "Identifies the policy set.",
        fields: [
            FieldSchema("name", .string, required: true, "Name."),
            FieldSchema("version", .string, "Version."),
            FieldSchema("description", .string, "Free text."),
        ])

    static let override = ObjectSchema(
        "Override", "Changes an inherited rule or parameter.",
        fields: [
            FieldSchema("rule", .string, "A rule id, or a glob such as PP-EVA-*."),
            FieldSchema("severity", .enumeration(["error", "warning", "info", "off"]), "New severity; off disables the rule."),
            FieldSchema("title", .localizedText, "New title (a single rule only); a language map replaces only the languages it gives."),
            FieldSchema("message", .localizedText, "New message, with {{ }} holes (a single rule only)."),
            FieldSchema("remediation", .localizedText, "New remediation (a single rule only)."),
            FieldSchema("parameter", .string, "A parameter's name."),
            FieldSchema("value", .any, "The parameter's new value, of its declared type."),
            FieldSchema("reason", .string, "Why the committee changed it (shown with the value)."),
        ])

    /// A citation: the seed, the place in it, and a short quotation found there.
    public static let citation = ObjectSchema(
        "Citation", "A source and a quotation a reader can find in it.",
        fields: [
            FieldSchema("source", .string, required: true, "Short name: Clavel 2019, Clavel 2019, Additional file 2, Pomey 2018."),
            FieldSchema("section", .string, required: true, "Section, table or box."),
            FieldSchema("quote", .string, "Words quoted from the source (at most 30)."),
        ])

    static let parameterSource = ObjectSchema(
        "ParameterSource", "Where a parameter's default comes from: a seed citation, or a Tandem default with its reason.",
        fields: [
            FieldSchema("source", .string, "Seed short name."),
            FieldSchema("section", .string, "Section, table or box."),
            FieldSchema("quote", .string, "Words quoted from the seed that give the number."),
            FieldSchema("tandem-default", .string, "Why Tandem chose this default when the seeds give no number."),
        ])

    static let parameter = ObjectSchema(
        "Parameter", "A named threshold, overridable by an extending policy set.",
        fields: [
            FieldSchema("name", .string, required: true, "Identifier, read as params.NAME."),
            FieldSchema("type", .enumeration(PolicyParameter.Kind.allCases.map(\.rawValue)), required: true, "Value type."),
            FieldSchema("default", .any, required: true, "Default value."),
            FieldSchema("unit", .string, "Unit (days, share, …)."),
            FieldSchema("description", .string, "What it controls."),
            FieldSchema("source", .object(parameterSource), required: true, "Provenance of the default."),
        ])

    static let variable = ObjectSchema(
        "Variable", "A named sub-expression, usable in later variables, when, assert, at and message.",
        fields: [
            FieldSchema("name", .string, required: true, "Identifier."),
            FieldSchema("expression", .expression, required: true, "CEL expression."),
        ])

    static let examples = ObjectSchema(
        "Examples", "Snapshot fragments on which the rule must pass or fail; they run as tests.",
        fields: [
            FieldSchema("pass", .list(.any), "Fragments (organization, people, teams, asOf) on which the rule finds nothing."),
            FieldSchema("fail", .list(.any), "Fragments on which the rule reports at least one violation."),
            FieldSchema("insufficient", .list(.any), "Fragments lacking a fact the rule needs: it reports insufficient evidence, no violation."),
        ])

    /// The fields of one rule.
    public static let rule = ObjectSchema(
        "Rule", "One check, with its place in the taxonomy of Clavel 2019.",
        fields: [
            FieldSchema("id", .string, required: true, "Stable id, e.g. PP-OPS-001."),
            FieldSchema("title", .localizedText, required: true, "What the rule requires, in one line (text, or {en: …, fr: …})."),
            FieldSchema("description", .string, "Why it matters."),
            FieldSchema("practice", .enumeration(PracticeType.allCases.map(\.rawValue)), required: true, "Practice type."),
            FieldSchema("level", .enumeration(ManagementLevel.allCases.map(\.rawValue)), required: true, "Management level."),
            FieldSchema("phase", .enumeration(ChangePhase.allCases.map(\.rawValue)), "Change phase."),
            FieldSchema("severity", .enumeration(Severity.allCases.map(\.rawValue)), required: true, "error, warning or info."),
            FieldSchema("forEach", .expression, "CEL: the list of subjects (default: the organization, once)."),
            FieldSchema("as", .string, "The subject's variable name (required with forEach)."),
            FieldSchema("variables", .list(.object(variable)), "Named sub-expressions."),
            FieldSchema("when", .expression, "CEL: the rule applies only where this is true."),
            FieldSchema("assert", .expression, required: true, "CEL: must be true, or the rule reports a finding."),
            FieldSchema("at", .expression, "CEL: the node a finding points at (default: the subject)."),
            FieldSchema("message", .localizedText, required: true, "The finding's text; {{ expression }} inserts a value."),
            FieldSchema("remediation", .localizedText, "What to do about it."),
            FieldSchema("references", .list(.object(citation)), "Sources, each with a quotation."),
            FieldSchema("beyondSources", .string, "Set when the rule asks for more than the seeds do: says what and why."),
            FieldSchema("examples", .object(examples), "Examples that double as tests."),
        ])
}
