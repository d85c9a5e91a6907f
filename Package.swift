// swift-tools-version:6.0
import PackageDescription

// One-way layering, enforced by target dependencies:
// Diagnostics ← YAMLSource ← SnapshotModel ← TandemCLI ← tandem
let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "YAMLSource", targets: ["YAMLSource"]),
        .library(name: "SnapshotModel", targets: ["SnapshotModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Spreadsheet import: CSV through CSV.swift; XLSX through ZIPFoundation (its XML parts with
        // Foundation's event parser: XMLCoder's decoding was measured at three quarters of an import).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "Diagnostics"),
        // RE2 (apt libre2-dev) behind a small C interface, and the Swift type CEL matches with.
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .target(name: "Regex", dependencies: ["CRE2"]),
        .target(name: "Expression", dependencies: ["Diagnostics"]),
        .target(name: "ExpressionParser", dependencies: ["Expression"]),
        .target(name: "ExpressionChecker", dependencies: ["Expression", "Diagnostics", "Regex"]),
        .target(name: "ExpressionInterpreter", dependencies: ["Expression", "Regex"]),
        .target(name: "CEL", dependencies: ["Expression", "ExpressionParser", "ExpressionChecker", "ExpressionInterpreter", "Diagnostics"]),
        .target(name: "YAMLSource", dependencies: ["CYaml", "Diagnostics", "Parallel"]),
        .target(name: "Parallel"),
        .target(name: "SnapshotModel", dependencies: ["YAMLSource", "Diagnostics", "Parallel"]),
        .target(name: "PolicyCompiler", dependencies: ["CEL", "SnapshotModel", "YAMLSource", "Diagnostics", "Parallel"]),
        .target(name: "Evaluation", dependencies: ["PolicyCompiler", "CEL", "SnapshotModel", "YAMLSource", "Diagnostics", "Parallel"]),
        .target(name: "RiskScoring", dependencies: ["Evaluation", "PolicyCompiler", "CEL", "SnapshotModel", "Diagnostics", "Parallel"]),
        .target(
            name: "Import",
            dependencies: [
                "SnapshotModel", "YAMLSource", "Diagnostics", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(name: "Reporting", dependencies: ["Evaluation", "RiskScoring", "PolicyCompiler", "SnapshotModel", "Diagnostics", "Parallel"]),
        .target(
            name: "History",
            dependencies: [
                "Reporting", "Checking", "Evaluation", "RiskScoring", "PolicyCompiler", "SnapshotModel", "Diagnostics",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .target(name: "Checking", dependencies: ["Reporting", "Evaluation", "RiskScoring", "PolicyCompiler", "SnapshotModel", "YAMLSource", "Diagnostics", "Import", "Parallel"]),
        .target(name: "PolicyTesting", dependencies: ["Evaluation", "RiskScoring", "PolicyCompiler", "SnapshotModel", "YAMLSource", "Diagnostics"]),
        .target(
            name: "TandemCLI",
            dependencies: [
                "Diagnostics", "YAMLSource", "SnapshotModel", "PolicyCompiler", "Evaluation", "RiskScoring", "Reporting", "PolicyTesting", "Checking", "History", "Import",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"]),
        .executableTarget(name: "tandem-generate", path: "Benchmarks/Generator"),
        .executableTarget(
            name: "tandem-bench",
            dependencies: ["CEL", "CYaml", "YAMLSource", "SnapshotModel", "PolicyCompiler", "Evaluation", "RiskScoring", "Reporting", "Checking", "Diagnostics"],
            path: "Benchmarks/Runner"
        ),
        // Fuzz targets: `Fuzz/run` builds this with -sanitize=fuzzer,address -D FUZZING; a normal
        // build is the replay tool the regression test drives.
        .executableTarget(
            name: "tandem-fuzz",
            dependencies: ["YAMLSource", "SnapshotModel", "PolicyCompiler", "Evaluation", "CEL", "Diagnostics", "Import"],
            path: "Fuzz/Targets"
        ),
        .target(name: "TestSupport", dependencies: ["Diagnostics", "YAMLSource"], path: "Tests/TestSupport"),
        .testTarget(
            name: "CELTests", dependencies: ["CEL", "TestSupport"], exclude: ["Conformance/convert.py", "Conformance/LICENSE", "Conformance/README.md"], resources: [.copy("Conformance/data")]),
        .testTarget(name: "YAMLSourceTests", dependencies: ["YAMLSource", "TestSupport"]),
        .testTarget(name: "SnapshotModelTests", dependencies: ["SnapshotModel", "TestSupport"]),
        .testTarget(name: "PolicyCompilerTests", dependencies: ["PolicyCompiler", "Diagnostics", "TestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "PolicyCompiler", "SnapshotModel", "TestSupport"]),
        .testTarget(name: "RiskScoringTests", dependencies: ["RiskScoring", "Evaluation", "PolicyCompiler", "SnapshotModel", "TestSupport"]),
        .testTarget(
            name: "CheckingTests",
            dependencies: [
                "Checking", "Reporting", "Evaluation", "RiskScoring", "PolicyCompiler", "SnapshotModel", "YAMLSource", "Diagnostics", "Parallel", "TestSupport", "tandem",
                "tandem-generate",
            ]),
        .testTarget(name: "PolicyPackTests", dependencies: ["Evaluation", "PolicyCompiler", "PolicyTesting", "CEL", "ExpressionInterpreter", "Diagnostics", "TestSupport"]),
        .testTarget(name: "TandemCLITests", dependencies: ["TandemCLI", "TestSupport", "tandem", "tandem-fuzz"], exclude: ["golden", "schemas", "browser", "xlsx"]),
    ]
)

// Release builds reach concrete generic types' metadata through accessor functions rather than
// mangled names. A mangled name is resolved at run time on first use, and each of its generic
// requirements (`Key: Hashable`, …) is a conformance lookup that scans every conformance record
// in the binary (about 6,850 here), paid at every start. With this flag on the targets below,
// one small check went from 119.2 to 114.6 million instructions (callgrind, `tandem check` of
// one fixture); the rest of the scans are swift-argument-parser's reflection.
//
// Not on the targets of a library product, nor on what they depend on: SwiftPM refuses a
// dependency whose product holds unsafe flags. (Tools version 6.2 lifts that refusal, but its
// `swift build` also builds dependencies' dynamic libraries, GRDB's among them, which
// --static-swift-stdlib cannot link.)
func withDependencies(_ names: [String], in targets: [Target]) -> Set<String> {
    var found = Set<String>()
    var pending = names
    while let name = pending.popLast() {
        guard found.insert(name).inserted, let target = targets.first(where: { $0.name == name }) else { continue }
        for dependency in target.dependencies {
            switch dependency {
            case .targetItem(let name, _), .byNameItem(let name, _): pending.append(name)
            default: break
            }
        }
    }
    return found
}
let libraryTargets = withDependencies(package.products.compactMap { $0 as? Product.Library }.flatMap(\.targets), in: package.targets)
for target in package.targets where target.type != .system && target.type != .test && !libraryTargets.contains(target.name) {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
        ]
}
