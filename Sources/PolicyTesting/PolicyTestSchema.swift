import Diagnostics
import SnapshotModel

/// The `PolicyTest` format: cases that pin a policy set's findings and risk bands on snapshots.
public enum PolicyTestSchema {
    /// The document kind.
    public static let kind = "PolicyTest"

    /// The document's root.
    public static let root = ObjectSchema(
        "PolicyTest", "Test cases for a policy set.",
        fields: [
            FieldSchema("apiVersion", .enumeration([SnapshotSchema.apiVersion]), required: true, "Format version."),
            FieldSchema("kind", .enumeration([kind]), required: true, "Document kind."),
            FieldSchema(
                "metadata",
                .object(
                    ObjectSchema(
                        "PolicyTestMetadata", "Identifies the file.",
                        fields: [
                            FieldSchema("name", .string, required: true, "Name.")
                        ])), "Name."),
            FieldSchema("policy", .string, "The policy set (file or directory) relative to this file; default: the parent directory."),
            FieldSchema("cases", .list(.object(testCase)), required: true, "The cases."),
        ])

    static let expectedFinding = ObjectSchema(
        "ExpectedFinding", "A finding that must (or must not) be reported.",
        fields: [
            FieldSchema("rule", .string, required: true, "Rule id."),
            FieldSchema("subject", .string, "Subject id (any subject when absent)."),
            FieldSchema("severity", .enumeration(Severity.allCases.map(\.rawValue)), "Expected severity."),
            FieldSchema("kind", .enumeration(["violation", "evaluation-error", "insufficient-evidence"]), "Expected kind (any when absent)."),
        ])

    static let expectedRisk = ObjectSchema(
        "ExpectedRisk", "A risk band that must be reached.",
        fields: [
            FieldSchema("subject", .string, required: true, "A team id, or `organization`."),
            FieldSchema("band", .enumeration(["low", "moderate", "high", "critical"]), required: true, "The band of the point score."),
            FieldSchema("range", .list(.enumeration(["low", "moderate", "high", "critical"])), "Bands of the low and high ends when facts are unknown."),
        ])

    static let expectations = ObjectSchema(
        "Expectations", "What the case must produce.",
        fields: [
            FieldSchema("findings", .list(.object(expectedFinding)), "Findings that must be reported."),
            FieldSchema("absent", .list(.object(expectedFinding)), "Findings that must not be reported."),
            FieldSchema("only", .boolean, "When true, no finding beyond those listed may be reported."),
            FieldSchema("risk", .list(.object(expectedRisk)), "Risk bands."),
        ])

    static let testCase = ObjectSchema(
        "PolicyTestCase", "One case: a snapshot and what the policy set must find on it.",
        fields: [
            FieldSchema("name", .string, required: true, "What the case shows."),
            FieldSchema("snapshot", .string, "A snapshot file, relative to this file."),
            FieldSchema("input", .any, "An inline snapshot fragment, as in rule examples (asOf, organization, people, teams)."),
            FieldSchema("expect", .object(expectations), required: true, "The expectations."),
        ])
}
