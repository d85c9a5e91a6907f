import CEL
import Expression
import ExpressionParser
import TestSupport
import Testing

/// Random well-typed expressions (ints, uints, doubles, strings, bools, lists, maps, and
/// comprehensions over them), generated deterministically, hold three invariants: unparsing is a
/// fixed point after one round (parse → unparse → parse → unparse gives the same text), the
/// unparsed text means the same (same value, or an error both times), and the checker's type
/// is the type of the value computed.
@Suite("CEL round trips over generated expressions")
struct RoundTripPropertyTests {
    typealias Generator = SplitMix

    static let variables: [String: CELType] = ["x": .int, "s": .string, "b": .bool, "l": .list(.int)]
    static let bindings: [String: Value] = ["x": .int(5), "s": .string("Tandem"), "b": .bool(true), "l": .list([.int(4), .int(-1)])]

    static func run(_ text: String) -> (String, CELType)? {
        guard case .success(let compiled) = Environment(variables: variables).compile(text) else { return nil }
        return (Printer.literal(compiled.evaluate(bindings)), compiled.resultType)
    }

    @Test func generatedExpressionsRoundTripAndKeepTheirMeaningAndType() throws {
        var g = Generator(state: 2026)
        let parser = Parser()
        var checked = 0
        for index in 0..<400 {
            let kind = Generator.Kind.allCases[index % Generator.Kind.allCases.count]
            let text = g.expression(kind, depth: 4)
            let parsed = try parser.parse(text)
            let once = Unparser.text(parsed.root)
            let twice = Unparser.text(try parser.parse(once).root)
            #expect(once == twice, "unparse is not a fixed point for \(text)")
            guard let (value, type) = Self.run(text) else {
                Issue.record("a generated expression does not compile: \(text)")
                continue
            }
            let (again, _) = try #require(Self.run(once), "\(once) does not compile")
            #expect(value == again, "\(text) → \(value), but its unparsed form \(once) → \(again)")
            if !value.hasPrefix("error(") {
                let expected: String
                switch type {
                case .int: expected = "int"
                case .uint: expected = "uint"
                case .double: expected = "double"
                case .string: expected = "string"
                case .bool: expected = "bool"
                case .list: expected = "list"
                default: expected = "\(type)"
                }
                let actual =
                    value.hasPrefix("[")
                    ? "list"
                    : value.hasPrefix("\"")
                        ? "string"
                        : value == "true" || value == "false"
                            ? "bool"
                            : value.hasSuffix("u") ? "uint" : value.contains(".") || value.contains("e") || value.contains("Infinity") || value == "NaN" ? "double" : "int"
                #expect(actual == expected, "\(text): checked \(type), computed \(value)")
                checked += 1
            }
        }
        #expect(checked > 250, "most generated expressions evaluate without error (\(checked))")
    }
}

/// Random well-typed expressions, drawn from the seeded generator.
extension SplitMix {
    enum Kind: CaseIterable { case int, uint, double, string, bool, list }

    mutating func expression(_ kind: Kind, depth: Int) -> String {
        let leaf = depth <= 0 || int(0...3) == 0
        switch kind {
        case .int:
            if leaf { return pick(["0", "1", "-7", "42", "9223372036854775807", "x"]) }
            switch int(0...5) {
            case 0: return "(\(expression(.int, depth: depth - 1)) \(pick(["+", "-", "*", "/", "%"])) \(expression(.int, depth: depth - 1)))"
            case 1: return "\(expression(.list, depth: depth - 1)).size()"
            case 2: return "int(\(expression(.double, depth: depth - 1)))"
            case 3: return "(\(expression(.bool, depth: depth - 1)) ? \(expression(.int, depth: depth - 1)) : \(expression(.int, depth: depth - 1)))"
            case 4: return "\(expression(.string, depth: depth - 1)).size()"
            default: return "-\(expression(.int, depth: depth - 1))"
            }
        case .uint:
            return leaf ? pick(["0u", "3u", "18446744073709551615u"]) : "(\(expression(.uint, depth: depth - 1)) + \(expression(.uint, depth: depth - 1)))"
        case .double:
            if leaf { return pick(["0.0", "1.5", "-2.25", "1e3"]) }
            return int(0...1) == 0 ? "double(\(expression(.int, depth: depth - 1)))" : "(\(expression(.double, depth: depth - 1)) * \(expression(.double, depth: depth - 1)))"
        case .string:
            if leaf { return pick(["''", "'a'", "'héllo'", "\"x\\\\ny\"", "s"]) }
            switch int(0...2) {
            case 0: return "(\(expression(.string, depth: depth - 1)) + \(expression(.string, depth: depth - 1)))"
            case 1: return "string(\(expression(.int, depth: depth - 1)))"
            default: return "\(expression(.string, depth: depth - 1)).lowerAscii()"
            }
        case .bool:
            if leaf { return pick(["true", "false", "b"]) }
            switch int(0...6) {
            case 0: return "(\(expression(.bool, depth: depth - 1)) && \(expression(.bool, depth: depth - 1)))"
            case 1: return "(\(expression(.bool, depth: depth - 1)) || \(expression(.bool, depth: depth - 1)))"
            case 2: return "!\(expression(.bool, depth: depth - 1))"
            case 3: return "(\(expression(.int, depth: depth - 1)) \(pick(["<", "<=", "==", "!=", ">", ">="])) \(expression(.int, depth: depth - 1)))"
            case 4: return "\(expression(.list, depth: depth - 1)).exists(e, e > \(expression(.int, depth: depth - 1)))"
            case 5: return "(\(expression(.int, depth: depth - 1)) in \(expression(.list, depth: depth - 1)))"
            default: return "\(expression(.string, depth: depth - 1)).startsWith(\(expression(.string, depth: depth - 1)))"
            }
        case .list:
            if leaf { return pick(["[]", "[1, 2, 3]", "l"]) }
            switch int(0...2) {
            case 0: return "[\(expression(.int, depth: depth - 1)), \(expression(.int, depth: depth - 1))]"
            case 1: return "\(expression(.list, depth: depth - 1)).map(v, v * 2)"
            default: return "(\(expression(.list, depth: depth - 1)) + \(expression(.list, depth: depth - 1)))"
            }
        }
    }
}
