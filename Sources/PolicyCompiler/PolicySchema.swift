import Diagnostics
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
            FieldSchema("extends", .list(.string), "Policy sets (files or directories, relative to this file) whose rules this set inherits."),
            FieldSchema("overrides", .list(.object(override)), "Severity changes or disabling of inherited rules, by id or glob."),
            FieldSchema("rules", .list(.object(rule)), "The rules."),
        ])

    static let metadata = ObjectSchema(
        "PolicyMetadata", "Identifies the policy set.",
        fields: [
            FieldSchema("name", .string, required: true, "Name."),
            FieldSchema("version", .string, "Version."),
            FieldSchema("description", .string, "Free text."),
        ])

    static let override = ObjectSchema(
        "Override", "Changes an inherited rule.",
        fields: [
            FieldSchema("rule", .string, required: true, "A rule id, or a glob such as PP-EVA-*."),
            FieldSchema("severity", .enumeration(["error", "warning", "info", "off"]), required: true, "New severity; off disables the rule."),
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
            FieldSchema("fail", .list(.any), "Fragments on which the rule reports at least one finding."),
        ])

    /// The fields of one rule.
    public static let rule = ObjectSchema(
        "Rule", "One check, with its place in the taxonomy of Clavel 2019.",
        fields: [
            FieldSchema("id", .string, required: true, "Stable id, e.g. PP-OPS-001."),
            FieldSchema("title", .string, required: true, "What the rule requires, in one line."),
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
            FieldSchema("message", .string, required: true, "The finding's text; {{ expression }} inserts a value."),
            FieldSchema("remediation", .string, "What to do about it."),
            FieldSchema("references", .list(.string), "Sources, e.g. \"Clavel 2019, Managing PA integration\"."),
            FieldSchema("examples", .object(examples), "Examples that double as tests."),
        ])
}
