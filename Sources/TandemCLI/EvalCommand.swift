import ArgumentParser
import CEL
import Diagnostics
import Evaluation
import Foundation
import PolicyCompiler
import SnapshotModel
import YAMLSource

/// `tandem eval`: compiles and evaluates one CEL expression, to try an expression before it goes
/// into a rule.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate one CEL expression, optionally against a snapshot.",
        discussion: """
            With --snapshot, the expression sees `snapshot` and `organization`, type-checked against the
            snapshot schema, and today() is the snapshot's asOf date unless --today says otherwise.
            Compile and evaluation errors are printed with their position and exit 2.

            EXAMPLES
              tandem eval "[1, 2, 3].map(x, x * 2)"
              tandem eval --snapshot Fixtures/valid/tokenistic.yaml "snapshot.teams.map(t, t.members.size())"
              tandem eval --var 'team={"members": [1, 2]}' "team.members.size() >= 2"
              echo "daysBetween(timestamp('2026-01-01T00:00:00Z'), today())" | tandem eval --today 2026-03-01 -
            """
    )

    enum Format: String, ArgumentChoice {
        case text, json
    }

    @Argument(help: "The expression, or - to read it from stdin.")
    var expression: String

    @Option(help: "A snapshot bound as `snapshot`.")
    var snapshot: String?

    @Option(name: .customLong("var"), help: "NAME=VALUE, the value in JSON (or YAML); repeatable.")
    var variables: [String] = []

    @Option(help: "The value of today() (YYYY-MM-DD).")
    var today: String?

    @Option(help: "Output: text (CEL notation) or json.")
    var format: Format = .text

    @OptionGroup var input: InputOptions

    func validate() throws {
        for variable in variables where !variable.contains("=") {
            throw ValidationError("--var takes NAME=VALUE, got '\(variable)'")
        }
        if let today, ISODate.parse(today) == nil { throw ValidationError("--today must be a date such as 2026-03-01") }
    }

    func run() throws {
        var text = expression
        if expression == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            while text.hasSuffix("\n") { text.removeLast() }
        }
        var declared: [String: CELType] = [:]
        var bindings: [String: Value] = [:]
        var todayValue = today.flatMap(ISODate.parse)
        if let path = snapshot {
            let files = SourceFiles(operands: [path], maxBytes: input.limits.maxBytes)
            var diagnostics = files.diagnostics
            var loaded: Snapshot?
            if let source = files.sources.first {
                let result = SnapshotLoader(limits: input.limits).load(source)
                diagnostics += result.diagnostics
                loaded = result.snapshots.first
            }
            guard let loaded, !diagnostics.containsErrors else {
                Console.error(DiagnosticRenderer(sources: files.sources).render(diagnostics))
                throw TandemExit(code: .inputError)
            }
            declared["snapshot"] = .object(SnapshotSchema.root.name)
            declared["organization"] = .object("Organization")
            let root = SnapshotValues.root(loaded)
            bindings["snapshot"] = root
            bindings["organization"] = root.mapValue?.value(forField: "organization") ?? .null
            todayValue = todayValue ?? loaded.asOf
        }
        for variable in variables {
            let name = String(variable.prefix { $0 != "=" })
            let valueText = String(variable.dropFirst(name.count + 1))
            let parsed = YAMLLoader(limits: input.limits).load(valueText, path: "--var \(name)")
            guard let node = parsed.documents.first?.root, !parsed.diagnostics.containsErrors else {
                Console.error(DiagnosticRenderer().render(parsed.diagnostics))
                throw TandemExit(code: .inputError)
            }
            declared[name] = .dyn
            bindings[name] = SnapshotValues.value(node)
        }
        let env = Environment(variables: declared, objectTypes: SchemaTypes.snapshot)
        let source = SourceText(path: "<expression>", text: text)
        switch env.compile(text) {
        case .failure(let failure):
            let diagnostics = failure.diagnostics { SourceLocation(file: "<expression>", line: $0, column: $1) }
            Console.error(DiagnosticRenderer(sources: [source]).render(diagnostics))
            throw TandemExit(code: .inputError)
        case .success(let compiled):
            var today: Timestamp?
            if let todayValue {
                guard let valid = Timestamp(seconds: Int64(todayValue)) else {
                    Console.report(CELDiagnostics.badToday, "--today is outside CEL's timestamp range (0001-01-01 to 9999-12-31)")
                    throw TandemExit(code: .inputError)
                }
                today = valid
            }
            let context = EvaluationContext(today: today)
            let value = compiled.evaluate(bindings, context: context)
            if case .error(let error) = value {
                let (line, column) = compiled.parsed.source.lineAndColumn(of: compiled.offset(of: error))
                let diagnostic = Diagnostic(
                    CELDiagnostics.evaluation, message: "evaluation failed: \(error.message)",
                    location: SourceLocation(file: "<expression>", line: line, column: column))
                Console.error(DiagnosticRenderer(sources: [source]).render(diagnostic))
                throw TandemExit(code: .inputError)
            }
            switch format {
            case .text: Console.human(Printer.literal(value) + "\n")
            case .json: Console.out(try ValueJSON.encode(value) + "\n")
            }
        }
    }
}

/// CEL values as JSON: ints and uints as numbers, timestamps and durations as strings, bytes as base64.
enum ValueJSON {
    static func encode(_ value: Value) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object(value), options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func object(_ value: Value) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .uint(let u): return u
        case .double(let d): return d.isFinite ? d as Any : Printer.double(d)
        case .string(let s): return s
        case .bytes(let b): return Data(b).base64EncodedString()
        case .list(let l): return (0..<l.count).map { object(l[$0]) }
        case .map(let m):
            var out: [String: Any] = [:]
            for key in m.keys { out[Printer.text(key)] = m.value(forKey: key).map(object) ?? NSNull() }
            return out
        case .timestamp(let t): return TimeFormat.rfc3339(t)
        case .duration(let d): return TimeFormat.duration(d)
        case .type(let t): return t.runtimeName
        // An optional is its value, or null when empty (as a JSON field would be absent or null).
        case .optional(let held): return held.map(object) ?? NSNull()
        case .error(let e): return ["error": e.message]
        }
    }
}
