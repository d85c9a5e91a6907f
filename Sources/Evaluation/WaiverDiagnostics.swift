import Diagnostics
import SnapshotModel

/// Every diagnostic of waiver files: the shared schema checks under `WAIV`, then the waivers'.
public enum WaiverDiagnostics: DiagnosticCatalogue {
    public static let title = "Waivers (WAIV…)"
    public static let expiresBeforeCreated = DiagnosticKind("WAIV011", .error, "a waiver expires before it was created", help: "Fix one of the two dates.")
    public static let unknownRule = DiagnosticKind(
        "WAIV012", .error, "a waiver names a rule that does not exist (with \"did you mean\")", help: "A typo would suppress nothing; fix the rule id or glob.")
    public static let expired = DiagnosticKind("WAIV101", .warning, "an expired waiver", help: "It no longer suppresses anything; renew it with a new date, or remove it.")
    public static let unused = DiagnosticKind("WAIV102", .warning, "a waiver that matched no finding", help: "The finding is gone: remove the waiver.")

    public static var kinds: [DiagnosticKind] {
        SchemaDiagnostics.kinds(prefix: "WAIV", schema: WaiverSchema.root, loaderChecks: [SchemaDiagnostics.wrongKind]) + [expiresBeforeCreated, unknownRule, expired, unused]
    }
}
