import CEL
import Expression
import Foundation
import Testing

/// The extension libraries that have no conformance file here — strings, lists, sets and
/// two-variable comprehensions — specified by the examples cel-go's `ext` package documents
/// (`ext/strings.go`, `ext/lists.go`, `ext/sets.go`, `ext/comprehensions.go`), error cases
/// included. Each pair is an expression and the value it must produce.
@Suite("CEL extension libraries")
struct ExtensionLibraryTests {
    static let strings: [(String, String)] = [
        ("'hello'.charAt(4)", #""o""#),
        ("'hello'.charAt(5)", #""""#),
        ("'hello'.charAt(-1)", #"error("index out of range: -1")"#),
        ("'hello'.charAt(6)", #"error("index out of range: 6")"#),
        ("'héllo'.charAt(1)", #""é""#),
        ("'hello mellow'.indexOf('')", "0"),
        ("'hello mellow'.indexOf('ello')", "1"),
        ("'hello mellow'.indexOf('jello')", "-1"),
        ("'hello mellow'.indexOf('', 2)", "2"),
        ("'hello mellow'.indexOf('ello', 2)", "7"),
        ("'hello mellow'.indexOf('ello', 20)", "-1"),
        ("'hello mellow'.indexOf('ello', -1)", #"error("index out of range: -1")"#),
        ("'ţacoţ'.indexOf('o')", "3"),
        ("'hello mellow'.lastIndexOf('')", "12"),
        ("'hello mellow'.lastIndexOf('ello')", "7"),
        ("'hello mellow'.lastIndexOf('jello')", "-1"),
        ("'hello mellow'.lastIndexOf('ello', 6)", "1"),
        ("'hello mellow'.lastIndexOf('ello', 20)", "-1"),
        ("'hello mellow'.lastIndexOf('ello', -1)", #"error("index out of range: -1")"#),
        ("'TacoCÆt Xii'.lowerAscii()", #""tacocÆt xii""#),
        ("'TacoCÆt Xii'.upperAscii()", #""TACOCÆT XII""#),
        ("'hello hello'.replace('he', 'we')", #""wello wello""#),
        ("'hello hello'.replace('he', 'we', -1)", #""wello wello""#),
        ("'hello hello'.replace('he', 'we', 1)", #""wello hello""#),
        ("'hello hello'.replace('he', 'we', 0)", #""hello hello""#),
        ("'hello hello'.replace('', '_')", #""_h_e_l_l_o_ _h_e_l_l_o_""#),
        ("'hello hello'.replace('h', '')", #""ello ello""#),
        ("'hello hello hello'.split(' ')", #"["hello", "hello", "hello"]"#),
        ("'hello hello hello'.split(' ', 0)", "[]"),
        ("'hello hello hello'.split(' ', 1)", #"["hello hello hello"]"#),
        ("'hello hello hello'.split(' ', 2)", #"["hello", "hello hello"]"#),
        ("'hello hello hello'.split(' ', -1)", #"["hello", "hello", "hello"]"#),
        ("'tacocat'.substring(4)", #""cat""#),
        ("'tacocat'.substring(0, 4)", #""taco""#),
        ("'tacocat'.substring(7)", #""""#),
        ("'tacocat'.substring(-1)", #"error("index out of range: -1")"#),
        ("'tacocat'.substring(2, 1)", #"error("invalid substring range. start: 2, end: 1")"#),
        ("'tacocat'.substring(0, 8)", #"error("index out of range: 8")"#),
        ("'ţacoţ'.substring(4)", #""ţ""#),
        ("'  \\ttrim\\n    '.trim()", #""trim""#),
        ("['hello', 'mellow'].join()", #""hellomellow""#),
        ("['hello', 'mellow'].join(' ')", #""hello mellow""#),
        ("[].join()", #""""#),
        ("[].join('/')", #""""#),
        (#"strings.quote('single-quote with "double quote"')"#, #""\"single-quote with \\\"double quote\\\"\"""#),
        (#"strings.quote("two escape sequences \a\n")"#, #""\"two escape sequences \\a\\n\"""#),
        ("'gums'.reverse()", #""smug""#),
        ("'John Smith'.reverse()", #""htimS nhoJ""#),
        (#""this is a string: %s\nand an integer: %d".format(["str", 42])"#, #""this is a string: str\nand an integer: 42""#),
        (#""a double substituted with %%s: %s".format([64.2])"#, #""a double substituted with %s: 64.2""#),
        (#""string type: %s".format([string])"#, #""string type: string""#),
        (#""%f".format([3.14])"#, #""3.140000""#),
        (#""%.2f".format([3.14159])"#, #""3.14""#),
        (#""5 in binary: %b".format([5])"#, #""5 in binary: 101""#),
        (#""26 in hex: %x".format([26])"#, #""26 in hex: 1a""#),
        (#""26 in hex (uppercase): %X".format([26])"#, #""26 in hex (uppercase): 1A""#),
        (#""30 in octal: %o".format([30])"#, #""30 in octal: 36""#),
        (#""binary bool: %b".format([true])"#, #""binary bool: 1""#),
        (#""%s and %s".format(["one"])"#, #"error("format: index 1 out of range (1 argument)")"#),
        (#""%b".format(["x"])"#, #"error("format: %b needs an integer, not string")"#),
    ]

    static let lists: [(String, String)] = [
        ("lists.range(5)", "[0, 1, 2, 3, 4]"),
        ("lists.range(0)", "[]"),
        ("[1, 2, 2, 3, 1].distinct()", "[1, 2, 3]"),
        ("[1, 1.0, 1u, 'a', 'a'].distinct()", #"[1, "a"]"#),
        ("[1,[2,3],[4]].flatten()", "[1, 2, 3, 4]"),
        ("[1,[2,[3,4]]].flatten()", "[1, 2, [3, 4]]"),
        ("[1,2,[],[],[3,4]].flatten()", "[1, 2, 3, 4]"),
        ("[1,[2,[3,[4]]]].flatten(2)", "[1, 2, 3, [4]]"),
        ("[1,[2,[3,[4]]]].flatten(-1)", #"error("level must be non-negative")"#),
        ("[1, 2, 3].reverse()", "[3, 2, 1]"),
        ("[1, 2, 3, 4].slice(1, 3)", "[2, 3]"),
        ("[1, 2, 3, 4].slice(-1, 3)", #"error("cannot slice(-1, 3), negative indexes not supported")"#),
        ("[1, 2, 3, 4].slice(3, 1)", #"error("cannot slice(3, 1), start index must be less than or equal to end index")"#),
        ("[1, 2, 3, 4].slice(1, 5)", #"error("cannot slice(1, 5), list is length 4")"#),
        ("[3, 1, 2].sort()", "[1, 2, 3]"),
        ("['b', 'c', 'a'].sort()", #"["a", "b", "c"]"#),
        ("[1, 'a'].sort()", #"error("list elements must have the same type")"#),
        ("[{'n': 'b', 'a': 2}, {'n': 'a', 'a': 1}].sortBy(e, e.a).map(e, e.n)", #"["a", "b"]"#),
        ("[[1, 'x'], [0, 'y'], [1, 'z']].sortBy(e, e[0]).map(e, e[1])", #"["y", "x", "z"]"#),
        ("[1, 2].first().value()", "1"),
        ("[].first().hasValue()", "false"),
        ("[1, 2].last().orValue(0)", "2"),
        // sets
        ("sets.contains([1, 2, 3], [3, 1])", "true"),
        ("sets.contains([1, 2], [2, 4])", "false"),
        ("sets.contains([1, 2], [])", "true"),
        ("sets.contains([1.0, 2u], [1, 2])", "true"),
        ("sets.equivalent([1, 2, 2], [2, 1])", "true"),
        ("sets.equivalent([1, 2], [1, 3])", "false"),
        ("sets.intersects([1, 2], [2, 4])", "true"),
        ("sets.intersects([1], [])", "false"),
    ]

    static let twoVariableComprehensions: [(String, String)] = [
        ("[1, 2, 3].all(i, j, i < j)", "true"),
        ("{'hello': 'world', 'taco': 'taco'}.all(k, v, k != v)", "false"),
        ("{'h': ['hello', 'hi'], 'j': ['joke', 'jog']}.all(k, vals, vals.all(v, v.startsWith(k)))", "true"),
        ("{'greeting': 'hello', 'farewell': 'goodbye'}.exists(k, v, k.startsWith('good') || v.endsWith('bye'))", "true"),
        ("[1, 2, 4, 8, 16].exists(i, v, v == 1024 && i == 10)", "false"),
        ("[1, 2, 1, 3, 1, 4].existsOne(i, v, i == 1 || v == 1)", "false"),
        ("[1, 1, 2, 2, 3, 3].existsOne(i, v, i == 2 && v == 2)", "true"),
        ("{'i': 0, 'j': 1, 'k': 2}.existsOne(i, v, i == 'l' || v == 1)", "true"),
        ("[1, 1, 2, 2, 3, 3].exists_one(i, v, i == 2 && v == 2)", "true"),
        ("[1, 2, 3].transformList(indexVar, valueVar, (indexVar * valueVar) + valueVar)", "[1, 4, 9]"),
        ("[1, 2, 3].transformList(indexVar, valueVar, indexVar % 2 == 0, (indexVar * valueVar) + valueVar)", "[1, 9]"),
        ("{'greeting': 'hello', 'farewell': 'goodbye'}.transformList(k, _, k)", #"["greeting", "farewell"]"#),
        ("{'greeting': 'hello', 'farewell': 'goodbye'}.transformList(_, v, v)", #"["hello", "goodbye"]"#),
        ("[1, 2, 3].transformMap(indexVar, valueVar, (indexVar * valueVar) + valueVar)", "{0: 1, 1: 4, 2: 9}"),
        ("[1, 2, 3].transformMap(indexVar, valueVar, indexVar % 2 == 0, (indexVar * valueVar) + valueVar)", "{0: 1, 2: 9}"),
        ("{'greeting': 'hello'}.transformMap(k, v, v + '!')", #"{"greeting": "hello!"}"#),
        ("{'greeting': 'hello'}.transformMapEntry(keyVar, valueVar, {valueVar: keyVar})", #"{"hello": "greeting"}"#),
        ("[1, 2, 3].transformMapEntry(indexVar, valueVar, {valueVar: indexVar})", "{1: 0, 2: 1, 3: 2}"),
        ("[1, 2, 1].transformMapEntry(i, v, {v: i})", #"error("insert failed: key 1 already exists")"#),
        ("{'a': 1}.transformMapEntry(k, v, dyn(v))", #"error("transformMapEntry() expression returned int, not a map")"#),
        // Errors are absorbed as in the one-variable macros when another element decides.
        ("[0, 1].exists(i, v, 1 / v == 1)", "true"),
    ]

    static let bindingsAndOptionals: [(String, String)] = [
        ("cel.bind(members, [1, 2, 3], members.size() > 2 && 2 in members)", "true"),
        ("cel.bind(x, 1 / 0, true)", "true"),
        ("cel.bind(x, 1 / 0, x + 1)", #"error("division by zero")"#),
        ("{'a': {'b': 1}}.?a.?b.orValue(0)", "1"),
        ("{'a': {}}.?a.?b.orValue(0)", "0"),
        ("optional.of(1).orValue(1 / 0)", "1"),
        ("optional.none().value()", #"error("optional.none() dereference")"#),
        ("math.greatest([])", #"error("math.greatest() needs at least one number")"#),
        // Malformed macros are syntax errors that say what the macro takes.
        ("[1].sortBy(e, e, e)", "compile error: sortBy() takes a variable and a key expression, not 3 arguments"),
        ("[1].all(i, i, true)", "compile error: all() names the same variable twice: i"),
        ("cel.bind(x, 1)", "compile error: cel.bind() takes a variable, its value and an expression, not 2 arguments"),
        ("[1].transformList(1, v, v)", "compile error: the variable of transformList() must be a simple name"),
        ("math.greatest('a', 1)", "compile error: no matching overload for 'math.greatest' applied to (string, int); it takes numbers or one list of numbers"),
        ("[?1]", "compile error: an optional element or entry must be an optional value, not int"),
    ]

    @Test(arguments: strings)
    func stringsExtension(expression: String, expected: String) {
        #expect(evaluate(expression) == expected, "\(expression)")
    }

    @Test(arguments: lists)
    func listsAndSetsExtensions(expression: String, expected: String) {
        #expect(evaluate(expression) == expected, "\(expression)")
    }

    @Test(arguments: twoVariableComprehensions)
    func twoVariableComprehensionMacros(expression: String, expected: String) {
        #expect(evaluate(expression) == expected, "\(expression)")
    }

    @Test(arguments: bindingsAndOptionals)
    func bindingsAndOptionalValues(expression: String, expected: String) {
        #expect(evaluate(expression) == expected, "\(expression)")
    }

    /// Each library is enabled by name: without it, its functions, macros and syntax are compile
    /// errors (CEL009) at the function's name (or the `?`'s element), naming the library to enable.
    @Test(arguments: [
        ("'abc'.charAt(1)", CELExtension.strings, 6),
        ("lists.range(3)", .lists, 6),
        ("[1].sortBy(e, e)", .lists, 4),
        ("sets.contains([1], [1])", .sets, 5),
        ("1 + math.abs(-1)", .math, 9),
        ("cel.bind(x, 1, x)", .bindings, 4),
        ("{}.?a", .optionals, 4),
        ("[?optional.none()]", .optionals, 0),
        ("base64.encode(b'a')", .encoders, 7),
        ("[1].all(i, v, v > i)", .twoVarComprehensions, 4),
        ("[1].transformList(i, v, v)", .twoVarComprehensions, 4),
    ])
    func aLibraryNotEnabledIsACompileError(expression: String, library: CELExtension, offset: Int) throws {
        let env = Environment(variables: [:], extensions: CELExtension.all.subtracting([library]))
        let failure = try #require(env.compile(expression).failure, "\(expression) compiled without \(library.rawValue)")
        let issue = try #require(failure.issues.first)
        #expect(issue.code == "CEL009")
        #expect(issue.offset == offset, "\(expression): at \(issue.offset)")
        #expect(issue.message.contains("'\(library.rawValue)' extension"), "\(issue.message)")
        #expect(Environment(variables: [:], extensions: [library]).compile(expression).failure == nil, "\(expression) with \(library.rawValue) alone")
    }

    /// Extension functions pay for their work: a string rebuilt in a comprehension or a sort of
    /// a long list exhausts the step budget instead of running away.
    @Test func workIsChargedToTheStepBudget() {
        #expect(evaluate("lists.range(100000).sort().size()", budget: 2_000_000) == "100000")
        #expect(evaluate("lists.range(100000).sort().size()", budget: 1_000_000).contains("exceeded its budget"))
        let growth = "lists.range(1500).map(i, lists.range(i).reverse().size()).size()"
        #expect(evaluate(growth, budget: 1_000_000).contains("exceeded its budget"))
        #expect(evaluate(growth, budget: 10_000_000) == "1500")
        // The searched string differs for each element (an invariant search runs once: see the
        // loop-invariant tests).
        let quadratic = "cel.bind(s, lists.range(3000).map(i, 'a').join(), lists.range(3000).map(i, (s + string(i)).indexOf('b')).size())"
        #expect(evaluate(quadratic, budget: 1_000_000).contains("exceeded its budget"))
    }

    /// docs/cel.md lists every extension function with its signatures, generated from the
    /// declarations the checker uses (re-record with TANDEM_RECORD_GOLDEN=1).
    @Test func docsListEveryExtensionFunction() throws {
        var lines: [String] = []
        for library in CELExtension.allCases {
            lines.append("**\(library.rawValue)** — \(library.summary)")
            lines.append("")
            for function in library.declarations where !function.name.hasPrefix("_") {
                let signatures = function.overloads.map { o -> String in
                    let params = (o.isMember ? o.parameters.dropFirst() : o.parameters[...]).map(\.description).joined(separator: ", ")
                    let call = o.isMember ? "\(o.parameters[0]).\(function.name)(\(params))" : "\(function.name)(\(params))"
                    return "`\(call) -> \(o.result)`"
                }
                lines.append("- \(function.summary): " + signatures.joined(separator: ", "))
            }
            if library.declarations.isEmpty { lines.append("- macros only (below)") }
            lines.append("")
        }
        let block = lines.joined(separator: "\n")
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/cel.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = "<!-- extensions:begin (generated by ExtensionLibraryTests) -->\n", end = "<!-- extensions:end -->"
        let start = try #require(text.range(of: begin))
        let stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        if ProcessInfo.processInfo.environment["TANDEM_RECORD_GOLDEN"] == "1" {
            try (text[..<start.upperBound] + block + text[stop.lowerBound...]).write(to: docs, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == block, "docs/cel.md's extension list differs; re-record with TANDEM_RECORD_GOLDEN=1")
    }

    /// Unrecorded facts stay unknown through optional access: `.?` does not turn "not recorded"
    /// into "absent".
    @Test func optionalSelectionKeepsUnrecordedFactsUnknown() throws {
        let unknown = Value.error(.unrecorded("Team.coach"))
        let team = Value.map(try DictionaryMap.make([(.string("coach"), unknown)]).get())
        let env = Environment(variables: ["team": .map(.string, .dyn)])
        let compiled = try env.compile("team.?coach.hasValue()").get()
        #expect(compiled.evaluate(["team": team]).isUnrecorded)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

/// Declarations (what the checker accepts) and implementations (what the interpreter runs) are
/// two tables; this keeps them one contract.
@Suite("CEL declarations and implementations")
struct DeclarationContractTests {
    @Test func everyDeclaredFunctionIsImplemented() {
        let declarations = StandardLibrary.declarations + CELExtension.allCases.flatMap(\.declarations)
        var missing: [String] = []
        for function in declarations {
            for overload in function.overloads where !Implementations.contains(function.name, member: overload.isMember) {
                missing.append("\(overload.isMember ? "." : "")\(function.name) (\(overload.id))")
            }
        }
        #expect(missing.isEmpty, "declared without an implementation: \(missing)")
    }
}
