import ArgumentParser
import Checking
import Diagnostics
import Evaluation
import Foundation
import History
import Import
import PolicyCompiler
import Reporting
import RiskScoring
import SnapshotModel
import YAMLSource

/// `tandem check`: loads, validates and checks organization snapshots against policy.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate organization snapshots and check them against policy.",
        discussion: """
            Operands are files, directories (searched for .yaml, .yml and .json files) or - for stdin; an
            .xlsx workbook is imported through its ImportMapping (see `tandem import`) and its findings
            point at cells (roster.xlsx:people!E2).
            Policies are compiled once, before any snapshot is read; every snapshot is then checked.
            Problems with the input are printed to stderr as file:line:col diagnostics; reports go to
            stdout, or to the file given by the --output in the same position as each --format.

            EXAMPLES
              tandem check --policy Policies/partners-in-care Fixtures/valid
              tandem check --policy Policies/partners-in-care --format text --format sarif --output - --output tandem.sarif snapshots/
              tandem check --policy Policies/partners-in-care --waivers waivers.yaml --baseline baseline.json snapshots/
              cat snapshot.json | tandem check --policy Policies/partners-in-care -
              tandem check --policy Policies/partners-in-care --mapping ours.mapping.yaml registre.xlsx
            """
    )

    enum FailOn: String, ArgumentChoice {
        case error, warning, info, never

        var threshold: Severity? {
            switch self {
            case .error: .error
            case .warning: .warning
            case .info: .info
            case .never: nil
            }
        }
    }

    enum ColorMode: String, ArgumentChoice {
        case auto, always, never

        /// Whether the text report is coloured: always, never, or (auto) on a terminal unless
        /// `NO_COLOR` is set to something (no-color.org: present and not empty).
        func colours(onTerminal: Bool, noColor: String?) -> Bool {
            switch self {
            case .always: true
            case .never: false
            case .auto: onTerminal && (noColor ?? "").isEmpty
            }
        }
    }

    @Argument(help: "Snapshot files or directories; - reads stdin (default: the configuration's snapshots).")
    var snapshots: [String] = []

    @OptionGroup var policy: PolicyOptions

    @Option(name: [.customShort("f"), .customLong("format")], help: "Report format (repeatable): \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var formats: [ReportFormat] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: "File for the --format in the same position (repeatable; - is stdout).")
    var outputs: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run (exit 1): \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")) (default: error).")
    var failOn: FailOn?

    @Option(name: .customLong("max-risk"), help: "Fail (exit 1) when any team or organization risk score is above this (needs a RiskModel).")
    var maxRisk: Double?

    @Option(name: [.customShort("w"), .customLong("waivers")], help: "Waiver files (kind: Waivers), repeatable.")
    var waiverFiles: [String] = []

    @Option(name: .customLong("now"), help: "The run's date (YYYY-MM-DD) for waiver expiry; default: today (UTC).")
    var now: String?

    @Option(name: .customLong("baseline"), help: "Report only findings not in this baseline (or earlier JSON report).")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Write a baseline of this run's findings to FILE.")
    var writeBaseline: String?

    @Option(help: "Colour the text report: auto (a terminal without NO_COLOR), always, never.")
    var color: ColorMode = .auto

    @Flag(
        name: .customLong("include-names"), inversion: .prefixedNo,
        help: "Name people in SARIF, GitHub, GitLab and JUnit reports (by default they show a person's snapshot id only).")
    var includeNames: Bool?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print no report on stdout: only diagnostics on stderr and the exit code (reports given an --output file are still written).")
    var quiet = false

    @Option(name: .customLong("history"), help: "Also record every snapshot's results in this history database (SQLite), for `tandem trend`.")
    var history: String?

    @Option(help: ArgumentHelp("The ImportMapping for .xlsx snapshots (default: NAME.mapping.yaml beside NAME.xlsx, else the templates' names).", valueName: "file"))
    var mapping: String?

    @OptionGroup var input: InputOptions

    @OptionGroup var project: ConfigOptions

    /// The formats asked for; without `--format`, the one an `--output` file's extension names
    /// (`.json`, `.sarif`, `.xml`, `.md`, `.txt`), else text.
    var reportFormats: [ReportFormat] {
        if !formats.isEmpty { return formats }
        if let output = outputs.first, output != "-", let inferred = Self.format(ofExtension: output) { return [inferred] }
        return [.text]
    }

    static func format(ofExtension path: String) -> ReportFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": .json
        case "sarif": .sarif
        case "xml": .junit
        case "md", "markdown": .markdown
        case "html", "htm": .html
        case "txt": .text
        default: nil
        }
    }

    func validate() throws {
        try validateReports()
        if let now, ISODate.parse(now) == nil {
            throw ValidationError("--now must be a date such as 2026-11-25")
        }
    }

    /// Takes the project configuration's values for every option not given on the command line
    /// (command-line options always win; list options replace, never merge).
    mutating func apply(_ config: ProjectConfig?) {
        guard let config else { return }
        if policy.policies.isEmpty { policy.policies = config.policies?.value ?? [] }
        if snapshots.isEmpty { snapshots = config.snapshots?.value ?? [] }
        if waiverFiles.isEmpty { waiverFiles = config.waivers?.value ?? [] }
        baseline = baseline ?? config.baseline?.value
        history = history ?? config.history?.value
        mapping = mapping ?? config.mapping?.value
        if formats.isEmpty, outputs.isEmpty, let reports = config.reports?.value, !reports.isEmpty {
            formats = reports.map(\.format)
            outputs = reports.map { $0.output ?? "-" }
        }
        failOn = failOn ?? config.failOn.flatMap { FailOn(rawValue: $0.value) }
        maxRisk = maxRisk ?? config.maxRisk?.value
        includeNames = includeNames ?? config.includeNames?.value
        input.apply(config)
    }

    func validateReports() throws {
        if formats.isEmpty, let output = outputs.first, output != "-", Self.format(ofExtension: output) == nil {
            throw ValidationError("cannot tell the report format of '\(output)' from its extension; give --format")
        }
        if outputs.count > max(formats.count, 1) {
            throw ValidationError("more --output than --format options; give each output its format")
        }
        let toStdout = reportFormats.indices.filter { $0 >= outputs.count || outputs[$0] == "-" }
        if toStdout.count > 1 {
            throw ValidationError("only one report can go to stdout; give the others an --output file")
        }
    }

    mutating func run() throws {
        apply(try project.load())
        if snapshots.isEmpty {
            throw ValidationError("give snapshot files or directories (or `snapshots:` in \(ConfigSchema.fileName))")
        }
        try validateReports()
        let compiled = try policy.compile(input)
        if maxRisk != nil, compiled?.scorer == nil {
            Console.report(RiskDiagnostics.noModelForMaxRisk, "--max-risk needs a RiskModel beside the policies given with --policy")
            throw TandemExit(code: .inputError)
        }
        let today = now.flatMap(ISODate.parse) ?? (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        var waivers: WaiverSet?
        var quoted: [SourceText] = []
        var result = CheckResult(toolVersion: Tandem.configuration.version, policy: compiled?.evaluator.policySet)
        result.runDate = ISODate.format(today)
        result.includeNames = includeNames ?? false
        result.riskBands = compiled?.scorer?.model.bands
        if let model = compiled?.scorer?.model {
            for factor in model.teamFactors + model.organizationFactors { result.factorRules[factor.id] = factor.rulesRead }
        }
        if !waiverFiles.isEmpty {
            let loaded = WaiverSet.load(paths: waiverFiles, limits: input.limits)
            quoted += loaded.sources
            result.diagnostics += loaded.diagnostics
            waivers = loaded.set
            if let set = waivers, let policySet = compiled?.evaluator.policySet {
                result.diagnostics += set.unknownRules(in: policySet.rules.map(\.id) + policySet.disabled)
            }
        }

        // Files are found now and read one batch at a time by the pipeline.
        let files = SourceFiles(operands: snapshots, maxBytes: input.limits.maxBytes, readingAtOnce: false)
        quoted += files.sources
        result.diagnostics += files.diagnostics
        // Before anything is evaluated: an output must not overwrite an input, nor another output.
        var inputs = files.identities
        for path in waiverFiles + [baseline].compactMap({ $0 }) {
            if let identity = SourceFiles.FileIdentity(path: path) { inputs.insert(identity) }
        }
        let problems = OutputFile.conflicts(Array(outputs.prefix(reportFormats.count)) + [writeBaseline].compactMap { $0 }, inputs: inputs)
        if !problems.isEmpty {
            for problem in problems { Console.report(InputDiagnostics.outputConflict, problem) }
            throw TandemExit(code: .inputError)
        }
        var recorder: HistoryRecorder?
        if let history {
            guard let policySet = compiled?.evaluator.policySet else {
                Console.report(HistoryDiagnostics.cannotOpen, "--history records checked snapshots: give the policies with --policy")
                throw TandemExit(code: .inputError)
            }
            do {
                recorder = HistoryRecorder(
                    store: try HistoryStore(path: history), policy: policySet, waivers: waivers,
                    toolVersion: Tandem.configuration.version, recordedAt: ISODate.format(today))
            } catch {
                Console.report(error.diagnostic, in: input.language)
                throw TandemExit(code: .inputError)
            }
        }
        var importMapping: ImportMapping?
        if let mapping {
            let loaded = ImportMapping.load(path: mapping, limits: input.limits)
            if !loaded.diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: loaded.sources, language: input.language).render(loaded.diagnostics)) }
            guard let declared = loaded.mapping else { throw TandemExit(code: .inputError) }
            importMapping = declared
        }
        // The text report alone on stdout is streamed: each file's section is written when the
        // file is checked and its findings released, so memory does not grow with the report
        // (10,000 snapshots). Other formats need every finding at once, so they are buffered.
        let streaming = reportFormats == [.text] && (outputs.isEmpty || outputs == ["-"]) && writeBaseline == nil && !quiet
        var scorer = compiled?.scorer
        // The text report names no team's factors (nor does a history record their words).
        if streaming { scorer?.explainsTeams = false }
        var configuration = CheckPipeline.Configuration(
            limits: input.limits, evaluator: compiled?.evaluator, scorer: scorer, keepingOutcomes: formats.contains(.junit))
        configuration.mapping = importMapping
        let pipeline = CheckPipeline(configuration)
        let onTerminal = isatty(STDOUT_FILENO) == 1
        let useColor = color.colours(onTerminal: onTerminal, noColor: onTerminal ? Console.environment("NO_COLOR") : nil)
        var session = CheckSession(result: result, pipeline: pipeline, waivers: waivers, today: today, maxRisk: maxRisk)
        if let baseline {
            do {
                session.expect(try Baseline.read(path: baseline), path: baseline)
            } catch {
                session.result.diagnostics.append(Diagnostic(InputDiagnostics.badBaseline, message: error.message))
            }
        }
        if streaming {
            let reporter = TextReporter(color: useColor, language: input.language)
            if !session.result.diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: quoted, language: input.language).render(session.result.diagnostics)) }
            session.run(files.inputs, releasing: true) { file, entries, result in
                recorder?.record(file, entries: Array(entries))
                if !file.diagnostics.isEmpty {
                    Console.error(DiagnosticRenderer(sources: quoted + [file.source].compactMap { $0 }, language: input.language).render(file.diagnostics))
                }
                reporter.write(file: file.file, in: result, to: Console.out)
            }
            let notices = session.finish()
            if !notices.isEmpty { Console.error(DiagnosticRenderer(sources: quoted, language: input.language).render(notices)) }
            Console.out(reporter.renderSummary(session.result))
            try recorder?.finish()
            try finish(session.result, riskExceeded: session.riskExceeded)
            return
        }

        var quotedPaths = Set(quoted.map(\.path))
        session.run(files.inputs, releasing: false) { file, entries, _ in
            recorder?.record(file, entries: Array(entries))
            if let source = file.source, quotedPaths.insert(source.path).inserted { quoted.append(source) }
        }
        _ = session.finish()
        result = session.result
        if !result.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: quoted, language: input.language).render(result.diagnostics))
        }
        try recorder?.finish()
        // With a history, the HTML report gains each organization's trend.
        let trendSections = format(trendsFor: result, recorder: recorder)
        for (index, format) in reportFormats.enumerated() {
            let reporter: any Reporter =
                format == .html
                ? HTMLReporter(appending: trendSections, language: input.language) : format.reporter(color: useColor && (index >= outputs.count || outputs[index] == "-"), language: input.language)
            let text = try reporter.render(result)
            if index < outputs.count, outputs[index] != "-" {
                try write(text, to: outputs[index])
            } else if !quiet {
                Console.out(text)
            }
        }
        if let writeBaseline { try write(try Baseline(result).json(), to: writeBaseline) }
        try finish(result, riskExceeded: session.riskExceeded)
    }

    private func format(trendsFor result: CheckResult, recorder: HistoryRecorder?) -> [String] {
        guard let recorder, reportFormats.contains(.html) else { return [] }
        return recorder.organizations.sorted().enumerated().compactMap { index, organization in
            (try? recorder.store.trend(organization: organization)).map { TrendReport.htmlSection($0, id: index == 0 ? "trend" : "trend-\(index + 1)", language: input.language) }
        }
    }

    /// The exit code: 2 when the report is incomplete, 1 when a finding at or above --fail-on or
    /// a score above --max-risk was found (counted as the run went, so a streamed run knows too).
    private func finish(_ result: CheckResult, riskExceeded: Bool) throws {
        if !result.isComplete { throw TandemExit(code: .inputError) }
        let failing = (failOn ?? .error).threshold.map { threshold in result.tally.gating.contains { $0.key >= threshold && $0.value > 0 } } ?? false
        if failing || riskExceeded { throw TandemExit(code: .violations) }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try OutputFile.write(text, to: path)
        } catch {
            Console.report(InputDiagnostics.unwritable, error.message)
            throw TandemExit(code: .inputError)
        }
    }
}

extension ReportFormat: ArgumentChoice {}
