import Diagnostics
import SnapshotModel

/// Every diagnostic of policy-test files: the shared schema checks under `TEST`, then the runner's.
public enum TestDiagnostics: DiagnosticCatalogue {
    public static let title = "Policy tests (TEST…)"
    public static let noTests = DiagnosticKind("TEST011", .error, "no PolicyTest files under the paths given", help: "Point `tandem test` at a directory holding kind: PolicyTest files.")

    public static var kinds: [DiagnosticKind] { SchemaDiagnostics.kinds(prefix: "TEST", schema: PolicyTestSchema.root, loaderChecks: []) + [noTests] }
}
