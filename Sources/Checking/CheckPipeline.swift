import Diagnostics
import Evaluation
import Foundation
import Import
import Parallel
import PolicyCompiler
import Reporting
import RiskScoring
import SnapshotModel
import YAMLSource

/// The check pipeline as a library: configure once, then load → validate → evaluate → score each
/// input, receiving each file's outcome as soon as it is done, in input order.
///
/// ```swift
/// let pipeline = CheckPipeline(.init(evaluator: PolicyEvaluator(set), scorer: RiskScorer(model)))
/// var result = CheckResult(toolVersion: "1.0", policy: set)
/// pipeline.check(SourceFiles(operands: ["snapshots/"], maxBytes: 1 << 29, readingAtOnce: false)) { file in
///     result.add(file)
/// }
/// ```
///
/// Files are checked in parallel (a batch per round, one per core and a few more), and each
/// file's bytes and YAML tree are released once its snapshots are evaluated: a run over
/// thousands of snapshots holds a batch's worth, never the whole directory. The bytes are kept
/// only for a file whose diagnostics must quote it.
public struct CheckPipeline: Sendable {
    /// What every check of a run shares.
    public struct Configuration: Sendable {
        /// Bounds on each input.
        public var limits: YAMLLimits
        /// The compiled policy; without one, inputs are only validated.
        public var evaluator: PolicyEvaluator?
        /// The risk model's scorer, when there is one.
        public var scorer: RiskScorer?
        /// Keep every rule × subject outcome (JUnit reports them), not only findings.
        public var keepingOutcomes: Bool
        /// Files checked at once; 1 checks one file at a time.
        public var parallelFiles: Int
        /// The mapping for `.xlsx` inputs; when `nil`, each workbook's companion
        /// (`roster.mapping.yaml` beside `roster.xlsx`) or else the templates' own names.
        public var mapping: ImportMapping?

        /// Creates a configuration.
        public init(
            limits: YAMLLimits = .default, evaluator: PolicyEvaluator? = nil, scorer: RiskScorer? = nil,
            keepingOutcomes: Bool = false, parallelFiles: Int = ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.limits = limits
            self.evaluator = evaluator
            self.scorer = scorer
            self.keepingOutcomes = keepingOutcomes
            self.parallelFiles = max(1, parallelFiles)
        }
    }

    /// One snapshot's outcome.
    public struct SnapshotCheck: Sendable {
        /// The snapshot's name.
        public var name: String
        /// Its `asOf` date (epoch seconds).
        public var asOf: Double
        /// The organization's name (the organization part of findings' identities).
        public var organization: String
        /// Findings, in rule order.
        public var findings: [Finding]
        /// Every rule × subject outcome, when kept.
        public var outcomes: [RuleOutcome]
        /// How much the recorded facts could decide.
        public var evidence: EvidenceReport
        /// Risk scores, when a model is configured.
        public var risk: RiskReport?
    }

    /// One input's outcome.
    public struct FileCheck: Sendable {
        /// The file's entry in the report's file list.
        public var file: CheckResult.FileResult
        /// Problems with the file (unreadable, invalid YAML, schema errors, data-quality warnings).
        public var diagnostics: [Diagnostic]
        /// The file's text, kept only when a diagnostic quotes it.
        public var source: SourceText?
        /// Its snapshots' outcomes, in document order.
        public var snapshots: [SnapshotCheck]
    }

    /// The configuration.
    public let configuration: Configuration

    /// Creates a pipeline.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Checks one text (a workbook's bytes when its path ends in `.xlsx`).
    public func check(_ source: SourceText) -> FileCheck {
        if Spreadsheets.isWorkbook(source.path) { return checkWorkbook(source.path, bytes: source.bytes) }
        return evaluate(load(source))
    }

    /// Checks a workbook: imported through its mapping, then checked as its snapshot; every
    /// position — problems, findings, scores — is the cell it came from.
    private func checkWorkbook(_ path: String, bytes: [UInt8]?) -> FileCheck {
        let declared = Spreadsheets.mapping(for: path, given: configuration.mapping, limits: configuration.limits)
        guard let mapping = declared.mapping else {
            let errors = declared.diagnostics.filter { $0.severity == .error }.count
            return FileCheck(file: .init(path: path, snapshots: [], errors: errors), diagnostics: declared.diagnostics, source: declared.sources.first, snapshots: [])
        }
        let imported = Spreadsheets.importWorkbook(path, bytes: bytes, mapping: mapping, limits: configuration.limits)
        let diagnostics = declared.diagnostics + imported.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }.count
        let snapshots = imported.snapshot.map { [$0] } ?? []
        let loaded = Loaded(
            file: FileCheck(
                file: .init(path: path, snapshots: snapshots.map(\.name), errors: errors), diagnostics: diagnostics, source: declared.sources.first, snapshots: []),
            snapshots: snapshots)
        var checked = evaluate(loaded)
        for s in checked.snapshots.indices {
            for f in checked.snapshots[s].findings.indices { checked.snapshots[s].findings[f].location = imported.cell(for: checked.snapshots[s].findings[f].location) }
            if var risk = checked.snapshots[s].risk {
                risk.relocate(imported.cell(for:))
                checked.snapshots[s].risk = risk
            }
        }
        return checked
    }

    /// Checks one input, reading it first if it is a file. The file's bytes are let go once it is
    /// loaded (unless a diagnostic must quote it), before its snapshots are evaluated.
    public func check(_ input: SourceFiles.Input) -> FileCheck {
        switch input {
        case .loaded(let source): return check(source)
        case .file(let path) where Spreadsheets.isWorkbook(path):
            return checkWorkbook(path, bytes: nil)
        case .file(let path):
            if let streamed = SnapshotLoader(limits: configuration.limits).load(streaming: path) {
                // Read once more only to quote the lines that validation found problems on.
                let quoted = streamed.diagnostics.isEmpty ? nil : try? SourceFiles.read(path, maxBytes: configuration.limits.maxBytes).get()
                return evaluate(loaded(streamed, path: path, source: quoted))
            }
            let loaded: Loaded
            switch SourceFiles.read(path, maxBytes: configuration.limits.maxBytes) {
            case .success(let source): loaded = load(source)
            case .failure(let problem):
                return FileCheck(file: .init(path: path, snapshots: [], errors: 1), diagnostics: [problem], source: nil, snapshots: [])
            }
            return evaluate(loaded)
        }
    }

    /// A file loaded and validated, not yet evaluated.
    struct Loaded {
        var file: FileCheck
        var snapshots: [Snapshot]
    }

    private func load(_ source: SourceText) -> Loaded {
        loaded(SnapshotLoader(limits: configuration.limits).load(source), path: source.path, source: source)
    }

    /// A load's outcome as a file check; the text is kept only when a diagnostic quotes it.
    private func loaded(_ loaded: SnapshotLoader.Result, path: String, source: SourceText?) -> Loaded {
        let errors = loaded.diagnostics.filter { $0.severity == .error }.count
        let file = FileCheck(
            file: .init(path: path, snapshots: loaded.snapshots.map(\.name), errors: errors),
            diagnostics: loaded.diagnostics, source: loaded.diagnostics.isEmpty ? nil : source, snapshots: [])
        return Loaded(file: file, snapshots: loaded.snapshots)
    }

    private func evaluate(_ loaded: Loaded) -> FileCheck {
        var file = loaded.file
        guard let evaluator = configuration.evaluator else { return file }
        for snapshot in loaded.snapshots {
            // For a large snapshot the risk model's team-independent variables are computed
            // beside the rules: they need no finding, and filled the cores the rules' last
            // stragglers and gathering left idle.
            // (On a thread of its own: a task of `concurrentPerform` would have run the rules'
            // own parallel loop serially, as libdispatch does for a nested apply.)
            let scorer = configuration.scorer
            let beside = scorer.map { scorer in PolicyEvaluator.isLarge(snapshot) ? Background { scorer.prepare(snapshot) } : nil } ?? nil
            let evaluation = evaluator.run(snapshot, keepingOutcomes: configuration.keepingOutcomes)
            let prepared = beside?.result() ?? scorer?.prepare(snapshot)
            file.snapshots.append(
                SnapshotCheck(
                    name: snapshot.name, asOf: snapshot.asOf, organization: snapshot.organization, findings: evaluation.findings, outcomes: evaluation.outcomes,
                    evidence: EvidenceReport(path: file.file.path, snapshot: snapshot.name, evidence: evaluation.evidence),
                    risk: prepared.flatMap { prepared in scorer?.score(prepared, findings: evaluation.findings) }))
        }
        return file
    }

    /// Checks every input, handing each file's outcome to `receive` in input order.
    ///
    /// Each core is a worker taking the next file as it finishes the last, through rule and risk
    /// programs of its own (see ``CompiledRule/withOwnPrograms()``): every evaluation counts
    /// references on a program's steps, and cores counting on the same ones took turns owning
    /// them. Outcomes reach `receive` in input order while the workers go on, at most
    /// ``filesPerWorker`` per worker ahead of it: a run over thousands of snapshots holds that
    /// many files' outcomes, never the whole directory's. One file, or one worker, is checked on
    /// the calling thread, where a large snapshot's evaluation uses every core itself.
    public func check(_ inputs: [SourceFiles.Input], receive: (FileCheck) -> Void) {
        let workers = min(configuration.parallelFiles, inputs.count)
        guard workers > 1 else {
            for input in inputs { receive(check(input)) }
            return
        }
        orderedStream(
            count: inputs.count, workers: workers, window: workers * Self.filesPerWorker,
            state: { worker in worker == 0 ? self : self.withOwnPrograms() },
            make: { pipeline, index in pipeline.check(inputs[index]) }, receive: receive)
    }

    /// How many files' outcomes per worker ``check(_:receive:)`` holds at most, made ahead of
    /// its caller.
    static let filesPerWorker = 4

    /// The same pipeline over programs of its own (see ``CompiledRule/withOwnPrograms()``).
    func withOwnPrograms() -> CheckPipeline {
        var copy = configuration
        copy.evaluator = copy.evaluator?.withOwnPrograms()
        copy.scorer = copy.scorer?.withOwnPrograms()
        return CheckPipeline(copy)
    }
}

extension CheckResult {
    /// Adds one file's outcome: its diagnostics, file entry, findings (with waivers applied as of
    /// `today`), outcomes, evidence and risk.
    public mutating func add(_ file: CheckPipeline.FileCheck, waivers: WaiverSet?, today: Double) {
        diagnostics += file.diagnostics
        files.append(file.file)
        for snapshot in file.snapshots {
            record(asOf: snapshot.asOf, path: file.file.path, snapshot: snapshot.name)
            outcomes += snapshot.outcomes
            evidence.append(snapshot.evidence)
            add(snapshot.findings, waivers: waivers, today: today)
            if let risk = snapshot.risk { self.risk.append(risk) }
        }
    }
}

/// One check run's choreography, as a library: the pipeline over the inputs, waivers and a
/// baseline applied as findings arrive, each file handed to the caller (to record, render or
/// both) and, for a streamed report, let go; then the run finished (waiver notices, baseline
/// summary). The CLI's `check` is this plus argument parsing and output.
public struct CheckSession {
    /// What the run found so far.
    public var result: CheckResult
    /// The pipeline.
    public let pipeline: CheckPipeline
    /// Waivers applied on `today`.
    public let waivers: WaiverSet?
    /// The run's date (epoch seconds): waiver expiry.
    public let today: Double
    /// `--max-risk`: a score above it fails the run.
    public let maxRisk: Double?
    /// Whether a score above ``maxRisk`` was seen.
    public private(set) var riskExceeded = false

    /// Creates a session.
    public init(result: CheckResult, pipeline: CheckPipeline, waivers: WaiverSet?, today: Double, maxRisk: Double? = nil) {
        self.result = result
        self.pipeline = pipeline
        self.waivers = waivers
        self.today = today
        self.maxRisk = maxRisk
    }

    /// Applies `baseline` to every finding from now on (call before ``run(_:releasing:_:)``).
    public mutating func expect(_ baseline: Baseline, path: String) {
        result.expect(baseline, path: path)
    }

    /// Checks every input, in order; `each` sees each file with the entries it added (and the
    /// result so far). With `releasing`, those details are let go afterwards, so memory does not
    /// grow with the run (a streamed report keeps only the tally).
    public mutating func run(
        _ inputs: [SourceFiles.Input], releasing: Bool,
        _ each: (CheckPipeline.FileCheck, ArraySlice<CheckResult.Entry>, CheckResult) -> Void
    ) {
        pipeline.check(inputs) { file in
            let before = result.entries.count
            result.add(file, waivers: waivers, today: today)
            if let limit = maxRisk, file.snapshots.contains(where: { $0.risk?.all.contains { $0.score > limit } == true }) { riskExceeded = true }
            each(file, result.entries[before...], result)
            if releasing { result.releaseDetails() }
        }
    }

    /// Ends the run: notices for expired and unused waivers, and the baseline's summary. Returns
    /// the diagnostics this added.
    public mutating func finish() -> [Diagnostic] {
        let before = result.diagnostics.count
        if let waivers { result.noteWaivers(waivers, today: today) }
        result.finishBaseline()
        return Array(result.diagnostics[before...])
    }
}
