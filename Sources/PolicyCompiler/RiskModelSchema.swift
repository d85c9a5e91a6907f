import Diagnostics
import SnapshotModel

/// The `RiskModel` format: weighted tokenism-risk factors, declared beside a policy set.
public enum RiskModelSchema {
    /// The document kind.
    public static let kind = "RiskModel"

    /// The document's root.
    public static let root = ObjectSchema(
        "RiskModel", "Weighted factors that estimate how likely advisors are present without influence.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema("metadata", .object(metadata), required: true, "Name and version."),
            FieldSchema(
                "languages", .list(.enumeration(Language.allCases.map(\.rawValue))),
                "Languages of this file's texts, the first written everywhere (default: en); a text lacking one is RISK019."),
            FieldSchema("cel", .object(PolicySchema.celOptions), "The CEL extension libraries this file's expressions use (default: all)."),
            FieldSchema("teams", .expression, "CEL: the teams scored (default: active teams)."),
            FieldSchema("teamWeight", .number(minimum: 0), required: true, "Weight of the teams' scores in the organization's score."),
            FieldSchema("bands", .object(bands), required: true, "Score thresholds of the bands."),
            FieldSchema("variables", .list(.object(variable)), "Named sub-expressions for team factors (`team` is bound)."),
            FieldSchema("factors", .list(.object(factor)), required: true, "The factors."),
        ])

    static let metadata = ObjectSchema(
        "RiskMetadata", "Identifies the model.",
        fields: [
            FieldSchema("name", .string, required: true, "Name."),
            FieldSchema("version", .string, "Version."),
            FieldSchema("description", .string, "Free text."),
        ])

    static let bands = ObjectSchema(
        "Bands", "Lower bounds of the moderate, high and critical bands (low is below moderate).",
        fields: [
            FieldSchema("moderate", .number(minimum: 0, maximum: 100), required: true, "Lowest moderate score."),
            FieldSchema("high", .number(minimum: 0, maximum: 100), required: true, "Lowest high score."),
            FieldSchema("critical", .number(minimum: 0, maximum: 100), required: true, "Lowest critical score."),
        ])

    static let variable = ObjectSchema(
        "RiskVariable", "A named sub-expression.",
        fields: [
            FieldSchema("name", .string, required: true, "Identifier."),
            FieldSchema("expression", .expression, required: true, "CEL expression."),
        ])

    /// The fields of one factor.
    public static let factor = ObjectSchema(
        "Factor", "One risk factor: a signal in [0, 1] and its weight.",
        fields: [
            FieldSchema("id", .string, required: true, "Stable id."),
            FieldSchema("title", .localizedText, required: true, "What the factor measures."),
            FieldSchema("scope", .enumeration(["team", "organization"]), required: true, "Scored per team or once for the organization."),
            FieldSchema("weight", .number(minimum: 0), required: true, "Relative weight."),
            FieldSchema("signal", .expression, required: true, "CEL: 0 (no risk) to 1 (full risk); a bool counts as 0 or 1."),
            FieldSchema("explanation", .localizedText, required: true, "Why the factor contributes; {{ expression }} inserts values."),
            FieldSchema("remediation", .localizedText, required: true, "What lowers it."),
            FieldSchema("rules", .list(.string), "Rules whose fix lowers this factor, besides those its signal reads with violated(); reports order actions by them."),
            FieldSchema("references", .list(.object(PolicySchema.citation)), "Sources, each with a quotation."),
            FieldSchema("rationale", .string, "Why this weight: what comes from a seed and what is judgement."),
        ])
}
