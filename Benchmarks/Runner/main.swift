// tandem-bench: throughput, compile time, per-team evaluation time and peak RSS at several sizes,
// each beside libyaml's raw event loop over the same file, so every figure is also a ratio to the
// floor any YAML-based checker has.
//
//   swift build -c release --static-swift-stdlib && .build/release/tandem-bench   # 1k, 10k, 50k teams
//
// (`--static-swift-stdlib` builds `tandem` as the README installs it; without it each run of the
// CLI starts about 5 ms later and holds 5 MB more.)
//   .build/release/tandem-bench --teams 1000 --small 100                  # a quick smoke run
import CEL
import CYaml
import Checking
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import Reporting
import RiskScoring
import SnapshotModel
import YAMLSource

struct Options {
    var sizes = [1_000, 10_000, 50_000]
    var small = 1_000
    var pack = "Policies/partners-in-care"
    var work = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench").path
    var perRule = false
    var memory = false
    var instructions = false
    var phases = false
    var formats = false

    init() {
        var args = CommandLine.arguments.dropFirst()
        var sizes: [Int] = []
        while let arg = args.popFirst() {
            switch arg {
            case "--teams": sizes.append(Int(args.popFirst() ?? "") ?? 1000)
            case "--small": small = Int(args.popFirst() ?? "") ?? small
            case "--policy": pack = args.popFirst() ?? pack
            case "--work": work = args.popFirst() ?? work
            case "--rules": perRule = true
            case "--memory": memory = true
            case "--instructions": instructions = true
            case "--phases": phases = true
            case "--formats": formats = true
            default:
                FileHandle.standardError.write(Data("usage: tandem-bench [--teams N]... [--small N] [--policy DIR] [--work DIR] [--rules] [--memory] [--phases] [--formats] [--instructions]\n".utf8))
                exit(2)
            }
        }
        if !sizes.isEmpty { self.sizes = sizes }
    }
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Runs a program under GNU time, returning wall seconds and its own peak RSS in bytes.
///
/// posix_spawn clones this process's address space before exec, and Linux carries that address
/// space's high-water mark into the child's `ru_maxrss`; `time` forks a fresh process instead.
func measured(_ path: String, _ arguments: [String]) -> (seconds: Double, maxRSS: Int, status: Int32) {
    let report = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-rss-\(getpid())").path
    let run = spawn("/usr/bin/time", ["-f", "%M", "-o", report, path] + arguments)
    let kilobytes = Int((try? String(contentsOfFile: report, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? "") ?? 0
    return (run.seconds, kilobytes * 1024, run.status)
}

/// `run` if its check passed (exit 0 with `--fail-on never`); otherwise the benchmark stops: a
/// time measured on an input the check refused is no measurement.
func checked(_ run: (seconds: Double, maxRSS: Int, status: Int32), _ input: String) -> (seconds: Double, maxRSS: Int, status: Int32) {
    guard run.status == 0 else {
        FileHandle.standardError.write(Data("tandem-bench: tandem check \(input) exited \(run.status), not 0: the input is not a valid snapshot for this build\n".utf8))
        exit(1)
    }
    return run
}

/// When `path` was last modified (distant past when it does not exist).
func modified(_ path: String) -> Date {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
}

/// Runs a program, returning wall seconds and its exit status.
func spawn(_ path: String, _ arguments: [String], stdout: String = "/dev/null") -> (seconds: Double, maxRSS: Int, status: Int32) {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let start = now()
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { fatalError("cannot run \(path)") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    posix_spawn_file_actions_destroy(&actions)
    return (now() - start, Int(usage.ru_maxrss) * 1024, (status >> 8) & 0xff)
}

/// libyaml's own event loop, nothing built: the floor.
func rawLibyaml(_ bytes: [UInt8]) -> Int {
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    defer { yaml_parser_delete(&parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
            if done { break }
        }
    }
    return events
}

func best(_ runs: Int, _ body: () -> Void) -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = now()
        body()
        fastest = min(fastest, now() - start)
    }
    return fastest
}

/// How many times the end-to-end check and libyaml's raw loop run, in turns, at each size (the
/// best of each is reported; the README states this number).
let endToEndRuns = 3
/// How many runs each report format's figure (`--formats`) is the best of.
let formatRuns = 2
/// How many runs the one-small-snapshot figure is the best of.
let singleRuns = 5
/// How many runs the many-small-snapshots figure is the best of (its peak RSS is the largest).
let manyRuns = 3

func mb(_ bytes: Int) -> Double { Double(bytes) / 1_000_000 }
func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

let options = Options()
let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
let tandem = binDirectory.appendingPathComponent("tandem").path
let generator = binDirectory.appendingPathComponent("tandem-generate").path
try? FileManager.default.createDirectory(atPath: options.work, withIntermediateDirectories: true)

var uts = utsname()
uname(&uts)
let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
print("tandem-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(machine), \(f(Double(ProcessInfo.processInfo.physicalMemory) / 1e9, 0)) GB")

let compileTime = best(5) { _ = PolicyCompiler().compile(paths: [options.pack]) }
let compiled = PolicyCompiler().compile(paths: [options.pack])
guard let set = compiled.policySet, let model = compiled.riskModel else { fatalError("the seed pack does not compile") }
print("compile \(options.pack): \(set.rules.count) rules + \(model.teamFactors.count + model.organizationFactors.count) risk factors in \(f(compileTime * 1000)) ms")

/// One size's in-process figures, kept until every size's end-to-end runs are done.
struct InProcess {
    var teams: Int
    var path: String
    var size: Int
    var load: Double
    var validate: Double
    var evaluate: Double
    var risk: Double
}

var measuredSizes: [InProcess] = []
var pipelineSeconds: [String] = []
var oneCore: [String] = []
var oneThreadLoad: [String] = []
for teams in options.sizes {
    let path = "\(options.work)/snapshot-\(teams).yaml"
    // A snapshot kept from an earlier run is remade when the generator was rebuilt since: one
    // made by an older generator may no longer be valid, and a check that stops at validation
    // measures nothing.
    if !FileManager.default.fileExists(atPath: path) || modified(generator) > modified(path) {
        _ = spawn(generator, ["--teams", String(teams), "--seed", "1"], stdout: path)
    }
    let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    let size = bytes.count
    if options.memory {
        // Resident bytes each stage's result adds (/proc/self/statm), to see where RSS goes.
        func heap() -> Int {
            let fields = ((try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "").split(separator: " ")
            return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(getpagesize()) : 0
        }
        let base = heap()
        let document = YAMLLoader().load(SourceText(path: path, bytes: bytes))
        let afterLoad = heap()
        let validated = SnapshotLoader().load(SourceText(path: path, bytes: bytes))  // loads its own tree, then validates
        let afterValidate = heap()
        print(
            "  memory at \(teams) teams: file \(f(mb(size))) MB; YAML tree \(f(mb(afterLoad - base))) MB (\(f(Double(afterLoad - base) / Double(size), 2))×); a second tree + validated snapshot \(f(mb(afterValidate - afterLoad))) MB"
        )
        if let tree = document.documents.first?.tree {
            let s = tree.statistics
            print(
                "  tree at \(teams) teams: \(s.nodes) nodes, \(s.entries) mapping entries, columns \(f(mb(tree.storageBytes))) MB; \(s.strings) distinct strings of \(f(mb(s.stringBytes))) MB UTF-8, \(s.heapStrings) on the heap"
            )
        }
        withExtendedLifetime((document, validated)) {}
    }
    let runs = teams <= 10_000 ? 3 : 1
    let source = SourceText(path: path, bytes: bytes)
    let load = best(runs) { _ = YAMLLoader().load(source) }
    // libyaml's parsing and the tree's building overlap on two threads above 1 MB, and a file of
    // 8 MB or more is parsed in pieces on every core; on one thread, whole:
    let loadOneThread = best(runs) { _ = YAMLLoader(threads: .one, splitting: .never).load(source) }
    oneThreadLoad.append("\(teams) teams \(f(mb(size) / loadOneThread)) MB/s")
    if options.phases, let document = YAMLLoader().load(source).documents.first {
        // Validation's two walks apart, each on the loaded document: the schema's (on every
        // core) and the data-quality checks' (on one), which a check runs side by side.
        let validator = SchemaValidator(root: SnapshotSchema.root, acceptsUnknown: true)
        let schema = best(runs) { _ = validator.validate(document) }
        let quality = best(runs) { _ = DataQuality().check(document) }
        print("  validation at \(teams) teams: schema \(f(schema, 2)) s on every core, data quality \(f(quality, 2)) s on one")
    }
    var snapshot: Snapshot?
    let validate = best(runs) { snapshot = SnapshotLoader().load(source).snapshots.first }
    guard let snapshot else { fatalError("generated snapshot does not validate") }
    var findings: [Finding] = []
    let evaluator = PolicyEvaluator(set)
    let evaluate = best(runs) { findings = evaluator.evaluate(snapshot) }
    // The same on one core: the ratio shows what the second core buys (shared reference counts
    // on the one document tree cost the parallel run).
    let evaluateOneCore = best(runs) { _ = evaluator.run(snapshot, parallel: false) }
    oneCore.append("\(teams) teams \(f(evaluateOneCore / Double(teams) * 1e6)) µs/team")
    if options.perRule {
        // Where evaluation time goes, rule by rule (single-threaded).
        var costs: [(String, Double)] = []
        for rule in set.rules {
            let start = now()
            _ = evaluator.evaluate(rule, on: snapshot)
            costs.append((rule.id, now() - start))
        }
        for (id, seconds) in costs.sorted(by: { $0.1 > $1.1 }).prefix(12) {
            print("  \(id): \(f(seconds / Double(teams) * 1e6)) µs/team")
        }
    }
    let scorer = RiskScorer(model)
    let risk = best(runs) { _ = scorer.score(snapshot, findings: findings) }
    // The library's pipeline in this process (load, validate, evaluate, score; no report), beside
    // the CLI's end-to-end run below.
    let pipeline = CheckPipeline(.init(evaluator: evaluator, scorer: RiskScorer(model)))
    let inProcess = best(runs) { _ = pipeline.check(source) }
    pipelineSeconds.append("\(teams) teams \(f(inProcess, 2)) s (\(f(mb(size) / inProcess)) MB/s)")
    measuredSizes.append(.init(teams: teams, path: path, size: size, load: load, validate: validate, evaluate: evaluate, risk: risk))
}

// The end-to-end runs: each a ratio of two timings, so each figure is the best of
// `endToEndRuns`, taken in turns with the raw loop (on a shared machine one run of either varied
// by a third, and a ratio of single runs by more). The sizes take turns too, round by round:
// measured one size after another, minutes apart, the growth from one size to the next compared
// different moments of a shared host (raw libyaml once ran a sixth slower at 50k teams than at
// 10k in the same bench).
var ends = measuredSizes.map { _ in (raw: Double.infinity, check: (seconds: Double.infinity, maxRSS: 0, status: Int32(0))) }
for _ in 0..<endToEndRuns {
    for (index, sized) in measuredSizes.enumerated() {
        let bytes = [UInt8](FileManager.default.contents(atPath: sized.path) ?? Data())
        ends[index].raw = min(ends[index].raw, best(1) { _ = rawLibyaml(bytes) })
        let run = checked(measured(tandem, ["check", "--policy", options.pack, "--fail-on", "never", sized.path]), sized.path)
        let peak = max(run.maxRSS, ends[index].check.maxRSS)
        if run.seconds < ends[index].check.seconds { ends[index].check = run }
        ends[index].check.maxRSS = peak
    }
}
print("")
print("| teams | MB | raw libyaml MB/s | load MB/s (×raw) | load+validate MB/s | evaluate µs/team | risk µs/team | check end-to-end MB/s (×raw) | check s | peak RSS MB (×file) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
var scaling: [String] = []
for (index, sized) in measuredSizes.enumerated() {
    let (raw, check) = ends[index]
    let (teams, size) = (sized.teams, sized.size)
    let rawRate = mb(size) / raw
    let checkRate = mb(size) / check.seconds
    print(
        "| \(teams) | \(f(mb(size))) | \(f(rawRate)) | \(f(mb(size) / sized.load)) (\(f(mb(size) / sized.load / rawRate, 2))) | \(f(mb(size) / sized.validate)) | \(f(sized.evaluate / Double(teams) * 1e6)) | \(f(sized.risk / Double(teams) * 1e6)) | \(f(checkRate)) (\(f(checkRate / rawRate, 2))) | \(f(check.seconds, 2)) | \(f(mb(check.maxRSS), 0)) (\(f(Double(check.maxRSS) / Double(size), 2))) |"
    )
    if index > 0 {
        let previous = (teams: measuredSizes[index - 1].teams, seconds: ends[index - 1].check.seconds)
        let ratio = check.seconds / previous.seconds
        let growth = Double(teams) / Double(previous.teams)
        // libyaml's loop is linear in the bytes: its own growth in the same rounds shows how much
        // of the check's is the host's.
        let rawRatio = raw / ends[index - 1].raw
        let bytesRatio = Double(size) / Double(measuredSizes[index - 1].size)
        scaling.append(
            "\(previous.teams) → \(teams) teams (×\(f(growth, 0)), bytes ×\(f(bytesRatio, 2))): time ×\(f(ratio, 2)), raw libyaml's ×\(f(rawRatio, 2))")
    }
}
if !scaling.isEmpty { print("\nscaling: " + scaling.joined(separator: "; ")) }
print("CheckPipeline in process (no report): " + pipelineSeconds.joined(separator: "; "))
print("evaluate on one core: " + oneCore.joined(separator: "; "))
print("YAML load on one thread: " + oneThreadLoad.joined(separator: "; "))

// Many small snapshots in one process, and one small snapshot end to end.
if options.small > 0 {
    let directory = "\(options.work)/small-\(options.small)"
    let template = (try? String(contentsOfFile: "Fixtures/valid/well-run.yaml", encoding: .utf8)) ?? ""
    // Written afresh on every run, from the fixture as it is now (copies kept from an earlier run
    // went stale when the fixture changed, and were then refused by validation).
    try? FileManager.default.removeItem(atPath: directory)
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for i in 0..<options.small {
        let text = template.replacingOccurrences(of: "name: cisss-riverside", with: "name: cisss-riverside-\(i)")
        try? text.write(toFile: "\(directory)/org-\(i).yaml", atomically: false, encoding: .utf8)
    }
    // Best of several runs, as the one small snapshot: on a shared machine one run of a second
    // varied by a third.
    var many = (seconds: Double.infinity, maxRSS: 0)
    for _ in 0..<manyRuns {
        let run = checked(measured(tandem, ["check", "--policy", options.pack, "--fail-on", "never", directory]), directory)
        many = (min(many.seconds, run.seconds), max(many.maxRSS, run.maxRSS))
    }
    let single =
        (0..<singleRuns).map { _ in checked(spawn(tandem, ["check", "--policy", options.pack, "--fail-on", "never", "\(directory)/org-0.yaml"]), "\(directory)/org-0.yaml").seconds }.min() ?? 0
    print(
        "\n\(options.small) small snapshots, one process (best of \(manyRuns)): \(f(many.seconds, 2)) s (peak RSS \(f(mb(many.maxRSS), 0)) MB); one small snapshot end to end: \(f(single * 1000, 0)) ms"
    )
}

// Each report format end to end on the largest size: every format but text holds the whole
// result and renders it at the end, so its time and memory are the report's own. Best of two
// runs each, taken in turns (one run on a shared machine varied by a third).
if options.formats, let teams = options.sizes.max() {
    let path = "\(options.work)/snapshot-\(teams).yaml"
    var runs: [ReportFormat: (seconds: Double, maxRSS: Int, status: Int32)] = [:]
    for _ in 0..<formatRuns {
        for format in ReportFormat.allCases {
            let run = checked(measured(tandem, ["check", "--policy", options.pack, "--fail-on", "never", "--format", format.rawValue, path]), path)
            if let best = runs[format], best.seconds <= run.seconds {
                runs[format] = (best.seconds, max(best.maxRSS, run.maxRSS), best.status)
            } else {
                runs[format] = (run.seconds, max(run.maxRSS, runs[format]?.maxRSS ?? 0), run.status)
            }
        }
    }
    print("\nreport formats at \(teams) teams (tandem check --format F, best of \(formatRuns)): ", terminator: "")
    print(ReportFormat.allCases.compactMap { format in runs[format].map { "\(format.rawValue) \(f($0.seconds, 2)) s, \(f(mb($0.maxRSS), 0)) MB" } }.joined(separator: "; "))
}

// Instructions executed by `tandem check` on the smallest size, counted by valgrind's callgrind
// (on a copy stripped of debug info, which valgrind cannot read): unlike seconds, the count barely
// moves on a busy machine, so a regression shows even on a noisy run.
if options.instructions, let teams = options.sizes.min() {
    let stripped = "\(options.work)/tandem-stripped"
    _ = spawn("/bin/cp", [tandem, stripped])
    _ = spawn("/usr/bin/strip", ["--strip-debug", stripped])
    let log = "\(options.work)/callgrind.log"
    let run = Process()
    run.executableURL = URL(fileURLWithPath: "/usr/bin/valgrind")
    run.arguments = [
        "--tool=callgrind", "--callgrind-out-file=/dev/null", "--log-file=\(log)", stripped,
        "check", "--policy", options.pack, "--fail-on", "never", "\(options.work)/snapshot-\(teams).yaml",
    ]
    run.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    if (try? run.run()) != nil {
        run.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let count = text.split(separator: "\n").first { $0.contains("Collected :") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
        print("\ninstructions: tandem check at \(teams) teams executes \(count ?? "?") instructions (valgrind --tool=callgrind)")
    } else {
        print("\ninstructions: valgrind is not installed (apt-get install valgrind)")
    }
}

// A catastrophic-backtracking pattern under RE2: `^(a+)+$` against 100,000 `a`s and a `b`, read
// from a variable so nothing is folded at compile time. A backtracking engine takes exponential
// time here (55 s on 101 characters with the NSRegularExpression Tandem used before RE2).
do {
    let subject = String(repeating: "a", count: 100_000) + "b"
    let env = Environment(variables: ["s": .string])
    if case .success(let compiled) = env.compile("s.matches('^(a+)+$')") {
        var result = Value.null
        let runs = 20
        let seconds = best(3) { for _ in 0..<runs { result = compiled.evaluate(["s": .string(subject)]) } }
        print("\nregex: '^(a+)+$' against 100,000 a's + b: \(f(seconds / Double(runs) * 1e6, 0)) µs per match (result \(Printer.literal(result)))")
    }
}
